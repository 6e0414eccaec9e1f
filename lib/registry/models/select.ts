import "server-only";
import { db, Prisma, type PrismaClient } from "../../db/client";
import { notFound } from "../errors";
import type { TMetadata } from "../../schemas";

/** The one shape a model takes everywhere (pages, REST, CLI). */
export const modelSelect = {
  id: true,
  name: true,
  description: true,
  metadata: true,
  labels: true,
  notes: true,
  archived: true,
  numVersions: true,
  lastVersion: true,
  revision: true,
  creationTime: true,
  lastUpdatedTime: true,
  userId: true,
  workspaceId: true,
  user: { select: { username: true } },
  workspace: { select: { name: true } },
  // The aliases that name a version now (a removed alias keeps its row with version null).
  aliases: { where: { version: { not: null } }, select: { alias: true, version: true }, orderBy: { alias: "asc" } },
} satisfies Prisma.ModelSelect;

type ModelRow = Prisma.ModelGetPayload<{ select: typeof modelSelect }>;

/** An alias and the version it names. */
export type TModelAlias = { alias: string; version: number };

export type TModel = Omit<ModelRow, "user" | "workspace" | "metadata" | "aliases"> & {
  metadata: TMetadata;
  username: string;
  workspaceName: string;
  /** Its aliases, by name (`latest` is never among them: it is derived). */
  aliases: TModelAlias[];
};

export function toModel(row: ModelRow): TModel {
  const { user, workspace, metadata, aliases, ...rest } = row;
  return {
    ...rest, metadata: (metadata ?? {}) as TMetadata, username: user.username, workspaceName: workspace.name,
    aliases: aliases.map((a) => ({ alias: a.alias, version: a.version! })),
  };
}

/**
 * The models with these ids (any order), each with its owner's and workspace's
 * names, in one statement: a list page reads its rows this way instead of a
 * findMany whose relations cost two more round trips (decision 009).
 */
export async function modelsByIds(ids: number[], client: PrismaClient = db()): Promise<TModel[]> {
  if (!ids.length) return [];
  return modelsWhere(Prisma.sql`m.id = ANY(${ids}::int[])`, client);
}

/** One model by name, or by id when all digits (modelWhere's rule), in one statement; null if none. */
export async function modelByRef(ref: string | number): Promise<TModel | null> {
  const where = modelWhere(ref);
  if ("id" in where && !Number.isSafeInteger(where.id)) return null;
  const [model] = await modelsWhere("id" in where ? Prisma.sql`m.id = ${where.id}::bigint` : Prisma.sql`m.name = ${where.name}`);
  return model ?? null;
}

/** A model's own columns and its aliases, over `models m`: shared by modelsWhere and an UPDATE's RETURNING. */
const MODEL_OWN_COLUMNS = Prisma.sql`
    m.id, m.name, m.description, m.metadata, m.labels, m.notes, m.archived,
    m.num_versions AS "numVersions", m.last_version AS "lastVersion", m.revision,
    m.creation_time AS "creationTime", m.last_updated_time AS "lastUpdatedTime",
    m.user_id AS "userId", m.workspace_id AS "workspaceId",
    COALESCE((SELECT json_agg(json_build_object('alias', a.alias, 'version', a.version) ORDER BY a.alias)
                FROM model_aliases a WHERE a.model_id = m.id AND a.version IS NOT NULL), '[]'::json) AS aliases`;

/**
 * modelsWhere's columns for a statement over `models m` without its joins (an UPDATE's
 * RETURNING): owner and workspace names by primary key.
 */
export const modelColumnsSql = Prisma.sql`${MODEL_OWN_COLUMNS},
    (SELECT u.username FROM users u WHERE u.id = m.user_id) AS username,
    (SELECT w.name FROM workspaces w WHERE w.id = m.workspace_id) AS "workspaceName"`;

async function modelsWhere(condition: Prisma.Sql, client: PrismaClient | Prisma.TransactionClient = db()): Promise<TModel[]> {
  const rows = await client.$queryRaw<(Omit<TModel, "metadata"> & { metadata: TMetadata | null })[]>(Prisma.sql`
    SELECT ${MODEL_OWN_COLUMNS}, u.username, w.name AS "workspaceName"
      FROM models m
      JOIN users u ON u.id = m.user_id
      JOIN workspaces w ON w.id = m.workspace_id
     WHERE ${condition}`);
  return rows.map((r) => ({ ...r, metadata: (r.metadata ?? {}) as TMetadata }));
}

/** Names that are all digits are refused, so a digit string is always an id. */
export function modelWhere(ref: string | number): Prisma.ModelWhereUniqueInput {
  if (typeof ref === "number") return { id: ref };
  return /^\d+$/.test(ref) ? { id: Number(ref) } : { name: ref };
}

export async function findModelOrThrow(
  tx: Prisma.TransactionClient,
  ref: string | number,
): Promise<{ id: number; name: string; archived: boolean; revision: number; workspaceId: number }> {
  const where = modelWhere(ref);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${ref}"`);
  const model = await tx.model.findUnique({ where, select: { id: true, name: true, archived: true, revision: true, workspaceId: true } });
  if (!model) throw notFound(`Model "${ref}"`);
  return model;
}

/**
 * Finds the model and takes its row lock for the rest of the transaction, so the
 * "before" read for history and the write that follows see the same row: a
 * concurrent writer waits instead of slipping in between.
 */
export async function lockModelOrThrow(tx: Prisma.TransactionClient, ref: string | number): Promise<TModel> {
  const where = modelWhere(ref);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${ref}"`);
  // Two statements, not six (find, lock, then a read whose relations Prisma fetches one
  // query each): every round trip inside a write holds a pooled connection and the row
  // lock while it waits for a busy event loop (decision 150). The read is a statement of
  // its own, after the lock, so it sees what the transaction it waited for committed
  // (a locking SELECT re-reads the locked row, not its aliases).
  const locked = await tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM models WHERE ${"id" in where ? Prisma.sql`id = ${where.id}::bigint` : Prisma.sql`name = ${where.name}`} FOR UPDATE`;
  if (!locked.length) throw notFound(`Model "${ref}"`);
  return modelInTx(tx, locked[0].id);
}

/** The model with this id as the transaction sees it now, in one statement (modelsByIds' shape). */
export async function modelInTx(tx: Prisma.TransactionClient, id: number): Promise<TModel> {
  const [model] = await modelsWhere(Prisma.sql`m.id = ${id}::int`, tx);
  if (!model) throw notFound(`Model ${id}`);
  return model;
}
