import "server-only";
import { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { roleColumn } from "../auth/authorize";
import { notFound } from "../errors";
import type { TMetadata, TRole } from "../../schemas";
import { modelWhere, modelColumnsSql, type TModel } from "./select";

/** A model's own columns (no owner, workspace or alias names), as one edit reads them under its lock. */
export type TLockedModel = Pick<TModel, "id" | "name" | "description" | "metadata" | "labels" | "notes" | "archived" | "revision" | "workspaceId">;

/**
 * Locks the model's row and reads what an edit of its own columns needs before it
 * writes, the caller's role in its workspace included, in one statement (decision 180:
 * an edit was seven round trips, each holding a pooled connection and this lock while it
 * waited for a busy event loop). Everything read is the row's own columns, which a
 * locking read returns as last committed even after waiting for the lock. The role comes
 * from the statement's snapshot, so a role taken away while this edit waited for the
 * lock (milliseconds) still lets it through, as if it had arrived just before.
 * The owner, workspace and alias names are not read: an edit of the columns cannot change
 * them, and the reply reads them after the write (updateModelColumns).
 */
export async function lockModelForEdit(
  tx: Prisma.TransactionClient, ref: string | number, who: Actor,
): Promise<TLockedModel & { role: TRole | null }> {
  const where = modelWhere(ref);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${ref}"`);
  const [row] = await tx.$queryRaw<(TLockedModel & { metadata: TMetadata | null; role: TRole | null })[]>`
    SELECT m.id, m.name, m.description, m.metadata, m.labels, m.notes, m.archived, m.revision,
           m.workspace_id AS "workspaceId", ${roleColumn(who, Prisma.sql`m.workspace_id`)} AS role
      FROM models m
     WHERE ${"id" in where ? Prisma.sql`m.id = ${where.id}::bigint` : Prisma.sql`m.name = ${where.name}`}
       FOR UPDATE OF m`;
  if (!row) throw notFound(`Model "${ref}"`);
  return { ...row, metadata: row.metadata ?? {} };
}

export type TModelColumns = { name?: string; description?: string; labels?: string[]; notes?: string; metadata?: TMetadata };

/**
 * Writes the given columns of a model whose row this transaction has locked, bumps its
 * revision and time, and returns the model as it is now (modelsByIds' shape) in the same
 * statement: its RETURNING reads owner, workspace and aliases with a snapshot taken after
 * the lock, so the reply shows what the transaction it may have waited for committed.
 */
export async function updateModelColumns(tx: Prisma.TransactionClient, id: number, set: TModelColumns): Promise<TModel> {
  const columns: Prisma.Sql[] = [];
  if (set.name !== undefined) columns.push(Prisma.sql`name = ${set.name}`);
  if (set.description !== undefined) columns.push(Prisma.sql`description = ${set.description}`);
  if (set.labels !== undefined) columns.push(Prisma.sql`labels = ${set.labels}::text[]`);
  if (set.notes !== undefined) columns.push(Prisma.sql`notes = ${set.notes}`);
  if (set.metadata !== undefined) columns.push(Prisma.sql`metadata = ${JSON.stringify(set.metadata)}::jsonb`);
  columns.push(Prisma.sql`revision = m.revision + 1`, Prisma.sql`last_updated_time = ${new Date()}`);
  const [row] = await tx.$queryRaw<(Omit<TModel, "metadata"> & { metadata: TMetadata | null })[]>`
    UPDATE models m SET ${Prisma.join(columns, ", ")} WHERE m.id = ${id}::int RETURNING ${modelColumnsSql}`;
  if (!row) throw notFound(`Model ${id}`);
  return { ...row, metadata: row.metadata ?? {} };
}
