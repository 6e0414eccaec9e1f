import "server-only";
import { Prisma } from "../db/client";
import type { z } from "zod";
import { limits, type ZMetadataMerge } from "../schemas";
import { RegistryError } from "./errors";

type Merge = z.output<typeof ZMetadataMerge>;

/**
 * Applies a metadata merge to one row in one UPDATE: `(metadata - remove) || set`,
 * computed by PostgreSQL from the row as it is, so two merges of different keys never
 * lose each other's key, with or without a revision. The caller holds the row's lock
 * (its "before" for history is then exactly what this changes). Returns false when
 * the merge changes nothing (no revision bump, nothing to record). Too large a result
 * throws, which rolls the statement back with the transaction.
 */
export async function applyMetadataMerge(
  tx: Prisma.TransactionClient, table: "models" | "model_versions", id: number, merge: Merge,
): Promise<boolean> {
  const merged = Prisma.sql`(COALESCE(metadata, '{}'::jsonb) - ${merge.remove}::text[]) || ${JSON.stringify(merge.set)}::jsonb`;
  const rows = await tx.$queryRaw<{ bytes: number }[]>`
    UPDATE ${Prisma.raw(table)} SET metadata = ${merged}, revision = revision + 1, last_updated_time = now()
     WHERE id = ${id} AND metadata IS DISTINCT FROM ${merged}
    RETURNING octet_length(metadata::text) AS bytes`;
  if (!rows.length) return false;
  if (rows[0].bytes > limits.metadataBytes) {
    throw new RegistryError("INVALID", `Metadata would be ${rows[0].bytes} bytes; the limit is ${limits.metadataBytes}.`);
  }
  return true;
}
