import "server-only";
import { z } from "zod";
import { db, type Prisma } from "../../db/client";
import { ZMetadata, limits } from "../../schemas";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { RegistryError, parse } from "../errors";
import { assertNotArchived } from "./guards";
import { recordModelChanged } from "./history";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

/**
 * Merges top-level keys into the model's metadata (a nested object replaces the
 * old value of its key). Done with jsonb `||` in one UPDATE, so two concurrent
 * merges of different keys both survive.
 */
export async function addMetadata(ref: string | number, object: unknown, actor?: Actor): Promise<TModel> {
  const who = await signedIn(actor);
  const patch = parse(ZMetadata, object);
  return db().$transaction(async (tx) => {
    const model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.edit", model.workspaceId);
    assertNotArchived(model);
    const [row] = await tx.$queryRaw<{ bytes: number }[]>`
      UPDATE models SET metadata = metadata || ${JSON.stringify(patch)}::jsonb,
             revision = revision + 1, last_updated_time = now()
       WHERE id = ${model.id} RETURNING octet_length(metadata::text) AS bytes`;
    if (row.bytes > limits.metadataBytes) {
      // Throwing rolls the merge back: the stored metadata is unchanged.
      throw new RegistryError("INVALID", `Metadata would be ${row.bytes} bytes; the limit is ${limits.metadataBytes}.`);
    }
    return finish(tx, who, model);
  });
}

export async function removeMetadata(ref: string | number, keys: unknown, actor?: Actor): Promise<TModel> {
  const who = await signedIn(actor);
  const list = parse(z.array(z.string(), { error: "Keys must be a list of strings." }), keys);
  return db().$transaction(async (tx) => {
    const model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.edit", model.workspaceId);
    assertNotArchived(model);
    await tx.$executeRaw`
      UPDATE models SET metadata = metadata - ${list}::text[],
             revision = revision + 1, last_updated_time = now()
       WHERE id = ${model.id}`;
    return finish(tx, who, model);
  });
}

/** Reads the result and records one event whose changes list each metadata key touched. */
async function finish(tx: Prisma.TransactionClient, who: Actor, before: TModel): Promise<TModel> {
  const after = toModel(await tx.model.findUniqueOrThrow({ where: { id: before.id }, select: modelSelect }));
  await recordModelChanged(tx, who, before, after);
  return after;
}
