import "server-only";
import { db, type Prisma } from "../../db/client";
import type { TModelSort, TOrderBy } from "../../schemas";

type Page = { sortBy: TModelSort; orderBy: TOrderBy; offset: number; limit: number };

/** The ORDER BY column for each sort; ties are always broken by id in the same direction. */
export const sortColumn: Record<TModelSort, (dir: Prisma.SortOrder) => Prisma.ModelOrderByWithRelationInput> = {
  id: (d) => ({ id: d }),
  name: (d) => ({ name: d }),
  description: (d) => ({ description: d }),
  creationTime: (d) => ({ creationTime: d }),
  lastUpdatedTime: (d) => ({ lastUpdatedTime: d }),
  numVersions: (d) => ({ numVersions: d }),
  workspace: (d) => ({ workspace: { name: d } }),
};

/**
 * The ids of one page, in order. Selecting only ids lets PostgreSQL walk a (column,
 * id) index without touching the table, so skipping 50,000 rows costs index entries,
 * not row fetches; the page's rows are then read by id (decision 010).
 */
export async function pageIds(where: Prisma.ModelWhereInput, p: Page): Promise<{ ids: number[]; total?: number }> {
  if (p.sortBy === "workspace") return pageIdsByWorkspace(where, p);
  const rows = await db().model.findMany({
    where,
    orderBy: [sortColumn[p.sortBy](p.orderBy), { id: p.orderBy }],
    skip: p.offset,
    take: p.limit,
    select: { id: true },
  });
  return { ids: rows.map((r) => r.id) };
}

/**
 * Workspace names are unique, so ordering by (workspace name, id) is each workspace's
 * models by id, workspaces taken in name order. One grouped count per workspace says
 * which workspaces the page falls in (and gives the total); each of those is then read
 * through the (workspace_id, id) index, instead of joining and sorting every model.
 */
async function pageIdsByWorkspace(where: Prisma.ModelWhereInput, p: Page): Promise<{ ids: number[]; total: number }> {
  const [groups, workspaces] = await Promise.all([
    db().model.groupBy({ by: ["workspaceId"], where, _count: { _all: true } }),
    db().workspace.findMany({ select: { id: true }, orderBy: { name: p.orderBy } }),
  ]);
  const counts = new Map(groups.map((g) => [g.workspaceId, g._count._all]));
  const total = groups.reduce((a, g) => a + g._count._all, 0);
  const ids: number[] = [];
  let skip = p.offset;
  for (const w of workspaces) {
    const n = counts.get(w.id) ?? 0;
    if (skip >= n) {
      skip -= n;
      continue;
    }
    const rows = await db().model.findMany({
      where: { AND: [where, { workspaceId: w.id }] },
      orderBy: { id: p.orderBy },
      skip,
      take: p.limit - ids.length,
      select: { id: true },
    });
    ids.push(...rows.map((r) => r.id));
    skip = 0;
    if (ids.length >= p.limit) break;
  }
  return { ids, total };
}
