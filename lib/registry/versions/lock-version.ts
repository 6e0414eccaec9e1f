import "server-only";
import type { Prisma } from "../../db/client";
import { notFound } from "../errors";
import { toVersion, versionSelect, type TModelVersion } from "./select";

/**
 * Takes the version row's lock for the rest of the transaction and reads it: the
 * "before" recorded in history is then the row the write that follows replaces.
 */
export async function lockVersionOrThrow(
  tx: Prisma.TransactionClient, model: { id: number; name: string }, version: number,
): Promise<TModelVersion> {
  const [row] = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM model_versions WHERE model_id = ${model.id} AND version = ${version} FOR UPDATE`;
  if (!row) throw notFound(`Version ${version} of model "${model.name}"`);
  return toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: row.id }, select: versionSelect }));
}
