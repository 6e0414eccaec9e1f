import "server-only";
import { z } from "zod";
import { db } from "../../db/client";
import { ZMetadata, limits } from "../../schemas";
import type { Actor } from "../actor";
import { RegistryError, parse } from "../errors";
import { assertNotArchived } from "./guards";
import { findModelOrThrow, modelSelect, toModel, type TModel } from "./select";

/**
 * Merges top-level keys into the model's metadata (a nested object replaces the
 * old value of its key). Done with jsonb `||` in one UPDATE, so two concurrent
 * merges of different keys both survive.
 */
export async function addMetadata(ref: string | number, object: unknown, _actor?: Actor): Promise<TModel> {
  const patch = parse(ZMetadata, object);
  return db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, ref);
    assertNotArchived(model);
    const [row] = await tx.$queryRaw<{ bytes: number }[]>`
      UPDATE models SET metadata = metadata || ${JSON.stringify(patch)}::jsonb,
             revision = revision + 1, last_updated_time = now()
       WHERE id = ${model.id} RETURNING octet_length(metadata::text) AS bytes`;
    if (row.bytes > limits.metadataBytes) {
      // Throwing rolls the merge back: the stored metadata is unchanged.
      throw new RegistryError("INVALID", `Metadata would be ${row.bytes} bytes; the limit is ${limits.metadataBytes}.`);
    }
    return toModel(await tx.model.findUniqueOrThrow({ where: { id: model.id }, select: modelSelect }));
  });
}

export async function removeMetadata(ref: string | number, keys: unknown, _actor?: Actor): Promise<TModel> {
  const list = parse(z.array(z.string(), { error: "Keys must be a list of strings." }), keys);
  return db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, ref);
    assertNotArchived(model);
    await tx.$executeRaw`
      UPDATE models SET metadata = metadata - ${list}::text[],
             revision = revision + 1, last_updated_time = now()
       WHERE id = ${model.id}`;
    return toModel(await tx.model.findUniqueOrThrow({ where: { id: model.id }, select: modelSelect }));
  });
}
