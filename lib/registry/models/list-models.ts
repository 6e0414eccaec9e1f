import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZListModels, type TListModels } from "../../schemas";
import { parse } from "../errors";
import { countedTotal } from "./model-counts";
import { pageIds, sortColumn } from "./page-ids";
import { modelSelect, toModel, type TModel } from "./select";

export type ModelPage = { models: TModel[]; total: number; offset: number; limit: number };

/** LIKE treats % and _ as wildcards; a user typing them means the characters. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function modelFilter(q: ReturnType<typeof ZListModels.parse>): Prisma.ModelWhereInput {
  const where: Prisma.ModelWhereInput = {};
  if (q.name) where.name = { contains: escapeLike(q.name), mode: "insensitive" };
  if (q.description) where.description = { contains: escapeLike(q.description), mode: "insensitive" };
  if (q.labels?.length) where.labels = { hasSome: q.labels };
  if (q.archived !== undefined) where.archived = q.archived;
  if (q.id !== undefined) where.id = q.id;
  if (q.userIds?.length || q.usernames?.length) {
    where.OR = [
      ...(q.userIds?.length ? [{ userId: { in: q.userIds } }] : []),
      ...(q.usernames?.length ? [{ user: { username: { in: q.usernames } } }] : []),
    ];
  }
  if (q.workspaceIds?.length || q.workspaceNames?.length) {
    where.AND = [{
      OR: [
        ...(q.workspaceIds?.length ? [{ workspaceId: { in: q.workspaceIds } }] : []),
        ...(q.workspaceNames?.length ? [{ workspace: { name: { in: q.workspaceNames } } }] : []),
      ],
    }];
  }
  return where;
}

/** One page of models plus the total; ties in the sort column are broken by id. */
export async function listModels(input: TListModels = {}): Promise<ModelPage> {
  const q = parse(ZListModels, input);
  const where = modelFilter(q);
  const page = { models: [] as TModel[], total: 0, offset: q.offset, limit: q.limit };
  if (q.limit === 0) {
    // Everything at once (Determined's "no limit"): one query, no page to locate.
    const orderBy = [sortColumn[q.sortBy](q.orderBy), { id: q.orderBy }];
    const [rows, total] = await Promise.all([
      db().model.findMany({ where, orderBy, skip: q.offset, select: modelSelect }),
      modelTotal(where, q.archived),
    ]);
    return { ...page, models: rows.map(toModel), total };
  }
  const [{ ids, total: grouped }, counted] = await Promise.all([
    pageIds(where, { sortBy: q.sortBy, orderBy: q.orderBy, offset: q.offset, limit: q.limit }),
    q.sortBy === "workspace" ? undefined : modelTotal(where, q.archived),
  ]);
  const rows = ids.length ? await db().model.findMany({ where: { id: { in: ids } }, select: modelSelect }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // A model deleted between the two reads is left out rather than shown half-read.
  const models = ids.flatMap((id) => (byId.has(id) ? [toModel(byId.get(id)!)] : []));
  return { ...page, models, total: grouped ?? counted ?? 0 };
}

/** With no filter but `archived`, the kept counts answer; anything else is counted. */
async function modelTotal(where: Prisma.ModelWhereInput, archived: boolean | undefined): Promise<number> {
  if (Object.keys(where).every((k) => k === "archived")) {
    const counted = await countedTotal(archived);
    if (counted !== null) return counted;
  }
  return db().model.count({ where });
}

/** Labels in use, most used first, then by name. */
export async function listModelLabels(): Promise<string[]> {
  const rows = await db().$queryRaw<{ label: string }[]>`
    SELECT label FROM models, unnest(labels) AS label
    GROUP BY label ORDER BY count(*) DESC, label ASC`;
  return rows.map((r) => r.label);
}
