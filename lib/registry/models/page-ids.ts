import "server-only";
import { db, Prisma } from "../../db/client";
import type { TModelSort, TOrderBy, ZListModels } from "../../schemas";

type Filter = Omit<ReturnType<typeof ZListModels.parse>, "sortBy" | "orderBy" | "offset" | "limit"> & {
  /** Only models in these workspaces: the reader's read scope (workspaces/read-scope.ts). */
  within?: number[];
};
type Page = { sortBy: TModelSort; orderBy: TOrderBy; offset: number; limit: number };

/** LIKE treats % and _ as wildcards; a user typing them means the characters. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The list's filters as one SQL condition on `models m`. The model list is the
 * registry's hottest read, so it is written in SQL rather than built by Prisma's
 * query compiler on every request (docs/decisions/009-list-pagination-at-scale.md);
 * the shapes are the ones the indexes serve: trigram GIN for ILIKE, GIN for labels.
 * Ids are compared as bigint so an id out of int4 range matches nothing instead of failing.
 */
export function modelCondition(q: Filter): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (q.name) parts.push(Prisma.sql`m.name ILIKE ('%' || ${escapeLike(q.name)} || '%')`);
  if (q.description) parts.push(Prisma.sql`m.description ILIKE ('%' || ${escapeLike(q.description)} || '%')`);
  if (q.labels?.length) parts.push(Prisma.sql`m.labels && ${q.labels}::text[]`);
  if (q.archived !== undefined) parts.push(Prisma.sql`m.archived = ${q.archived}`);
  if (q.id !== undefined) parts.push(Prisma.sql`m.id = ${q.id}::bigint`);
  // Models that have this alias: (alias, model_id, version) answers it from the index alone.
  if (q.alias === "latest") parts.push(Prisma.sql`m.num_versions > 0`);
  else if (q.alias) parts.push(Prisma.sql`EXISTS (SELECT 1 FROM model_aliases a WHERE a.alias = ${q.alias} AND a.model_id = m.id AND a.version IS NOT NULL)`);
  const anyOf = (ids: number[] | undefined, names: string[] | undefined, column: Prisma.Sql, table: Prisma.Sql, nameColumn: Prisma.Sql) => {
    const or: Prisma.Sql[] = [];
    if (ids?.length) or.push(Prisma.sql`${column} = ANY(${ids}::bigint[])`);
    if (names?.length) or.push(Prisma.sql`${column} IN (SELECT t.id FROM ${table} t WHERE t.${nameColumn} = ANY(${names}::text[]))`);
    if (or.length) parts.push(Prisma.sql`(${Prisma.join(or, " OR ")})`);
  };
  anyOf(q.userIds, q.usernames, Prisma.raw("m.user_id"), Prisma.raw("users"), Prisma.raw("username"));
  anyOf(q.workspaceIds, q.workspaceNames, Prisma.raw("m.workspace_id"), Prisma.raw("workspaces"), Prisma.raw("name"));
  if (q.within) parts.push(Prisma.sql`m.workspace_id = ANY(${q.within}::int[])`);
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

/** True when no filter but `archived` is set: the kept counts can answer the total. */
export const onlyArchivedFilter = (q: Filter) =>
  !q.name && !q.description && !q.labels?.length && q.id === undefined && !q.alias && !q.userIds?.length && !q.usernames?.length
  && !q.workspaceIds?.length && !q.workspaceNames?.length && !q.within;

/** The ORDER BY column for each sort (workspace is paged per workspace below); ties are broken by id. */
const SORT_COLUMN: Record<Exclude<TModelSort, "workspace">, Prisma.Sql> = {
  id: Prisma.raw("m.id"),
  name: Prisma.raw("m.name"),
  description: Prisma.raw("m.description"),
  creationTime: Prisma.raw("m.creation_time"),
  lastUpdatedTime: Prisma.raw("m.last_updated_time"),
  numVersions: Prisma.raw("m.num_versions"),
};
const direction = (d: TOrderBy) => Prisma.raw(d === "desc" ? "DESC" : "ASC");

export async function countModels(q: Filter): Promise<number> {
  const [{ n }] = await db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM models m WHERE ${modelCondition(q)}`;
  return n;
}

/**
 * The ids of one page, in order (limit null: to the end). Selecting only ids lets
 * PostgreSQL walk a (column, id) index without touching the table, so skipping 50,000
 * rows costs index entries, not row fetches; the page's rows are then read by id
 * (decision 009).
 */
export async function pageIds(q: Filter, p: Omit<Page, "limit"> & { limit: number | null }): Promise<{ ids: number[]; total?: number }> {
  if (p.sortBy === "workspace") return pageIdsByWorkspace(q, p);
  const dir = direction(p.orderBy);
  const rows = await db().$queryRaw<{ id: number }[]>`
    SELECT m.id FROM models m WHERE ${modelCondition(q)}
     ORDER BY ${SORT_COLUMN[p.sortBy]} ${dir}, m.id ${dir}
     LIMIT ${p.limit === null ? null : p.limit}::bigint OFFSET ${p.offset}::bigint`;
  return { ids: rows.map((r) => r.id) };
}

/**
 * Workspace names are unique, so ordering by (workspace name, id) is each workspace's
 * models by id, workspaces taken in name order. One grouped count per workspace says
 * which workspaces the page falls in (and gives the total); each of those is then read
 * through the (workspace_id, id) index, instead of joining and sorting every model.
 */
async function pageIdsByWorkspace(q: Filter, p: Omit<Page, "limit"> & { limit: number | null }): Promise<{ ids: number[]; total: number }> {
  const condition = modelCondition(q);
  const [groups, workspaces] = await Promise.all([
    db().$queryRaw<{ workspaceId: number; n: number }[]>`
      SELECT m.workspace_id AS "workspaceId", count(*)::int AS n FROM models m WHERE ${condition} GROUP BY m.workspace_id`,
    db().workspace.findMany({ select: { id: true }, orderBy: { name: p.orderBy } }),
  ]);
  const counts = new Map(groups.map((g) => [g.workspaceId, g.n]));
  const total = groups.reduce((a, g) => a + g.n, 0);
  const ids: number[] = [];
  let skip = p.offset;
  const dir = direction(p.orderBy);
  for (const w of workspaces) {
    const n = counts.get(w.id) ?? 0;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const take = p.limit === null ? null : p.limit - ids.length;
    const rows = await db().$queryRaw<{ id: number }[]>`
      SELECT m.id FROM models m WHERE ${condition} AND m.workspace_id = ${w.id}
       ORDER BY m.id ${dir} LIMIT ${take}::bigint OFFSET ${skip}::bigint`;
    ids.push(...rows.map((r) => r.id));
    skip = 0;
    if (p.limit !== null && ids.length >= p.limit) break;
  }
  return { ids, total };
}
