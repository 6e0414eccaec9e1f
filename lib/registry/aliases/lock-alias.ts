import "server-only";
import type { Prisma } from "../../db/client";
import { notFound } from "../errors";
import { findModelOrThrow } from "../models/select";
import { aliasColumns, type AliasRow } from "./select";

export type AliasModel = { id: number; name: string; archived: boolean; workspaceId: number };

/**
 * Locks what an alias change reads and writes, always in the order model, alias
 * (deleting a version locks model, version, then its aliases: the same order, so the two
 * never wait for each other in a cycle):
 *
 * - the model row FOR SHARE: alias changes on one model proceed side by side, while an
 *   archive, an edit or a version deletion (FOR UPDATE) waits for them and they for it,
 *   so "archived models refuse alias changes" holds under concurrency too;
 * - the alias row FOR UPDATE, inserting it first when the alias was never used on this
 *   model. Two promotions of one alias queue here; the second reads what the first
 *   committed, so a compare-and-set on `expectedVersion` lets exactly one of them win.
 *   A new row is a placeholder (it names nothing) that a refused change rolls back.
 */
export async function lockAlias(
  tx: Prisma.TransactionClient, modelRef: string | number, alias: string,
): Promise<{ model: AliasModel; row: AliasRow }> {
  const { id } = await findModelOrThrow(tx, modelRef);
  const [model] = await tx.$queryRaw<AliasModel[]>`
    SELECT id, name, archived, workspace_id AS "workspaceId" FROM models WHERE id = ${id} FOR SHARE`;
  if (!model) throw notFound(`Model "${modelRef}"`);
  await tx.$executeRaw`
    INSERT INTO model_aliases (model_id, alias, set_at, set_by) VALUES (${id}, ${alias}, now(), '')
    ON CONFLICT (model_id, alias) DO NOTHING`;
  const [row] = await tx.$queryRaw<AliasRow[]>`
    SELECT ${aliasColumns} FROM model_aliases WHERE model_id = ${id} AND alias = ${alias} FOR UPDATE`;
  return { model, row };
}

/**
 * The time an alias change is recorded at: the database clock read after the alias's
 * lock (not now(), the transaction's start, which a change that waited on the lock would
 * carry from before the change it waited for), to the millisecond (what JSON carries, so
 * `?at=<setAt>` read back from a reply finds this very change), and never before the
 * alias's previous change. So one alias's changes have non-decreasing times in commit
 * order, and equal times are ordered by history id, which `?at=` uses as the tie-break.
 */
export async function changeTime(tx: Prisma.TransactionClient, row: { setAt: Date }): Promise<Date> {
  const [{ at }] = await tx.$queryRaw<{ at: Date }[]>`
    SELECT GREATEST(date_trunc('milliseconds', clock_timestamp()), ${row.setAt}::timestamptz) AS at`;
  return at;
}
