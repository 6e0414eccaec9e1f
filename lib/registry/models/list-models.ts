import "server-only";
import { db } from "../../db/client";
import { ZListModels, type TListModels } from "../../schemas";
import { parse } from "../errors";
import { keptTotalSql } from "./model-counts";
import { countModels, onlyArchivedFilter, pageIds } from "./page-ids";
import { modelsByIds, type TModel } from "./select";

export { escapeLike } from "./page-ids";

export type ModelPage = { models: TModel[]; total: number; offset: number; limit: number };

/**
 * One page of models plus the total; ties in the sort column are broken by id. With
 * no filter but `archived`, the kept counts give the total in the page's own
 * statement; any other filter is counted beside it.
 */
export async function listModels(input: TListModels = {}): Promise<ModelPage> {
  const { sortBy, orderBy, offset, limit, ...filter } = parse(ZListModels, input);
  const kept = sortBy !== "workspace" && onlyArchivedFilter(filter);
  const [page, counted] = await Promise.all([
    // limit 0 is Determined's "no limit": every model from the offset on.
    pageIds(filter, { sortBy, orderBy, offset, limit: limit === 0 ? null : limit, total: kept ? keptTotalSql(filter.archived) : undefined }),
    sortBy === "workspace" || kept ? undefined : countModels(filter),
  ]);
  const byId = new Map((await modelsByIds(page.ids)).map((m) => [m.id, m]));
  // A model deleted between the two reads is left out rather than shown half-read.
  const models = page.ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  // No kept counts yet (a database that never had a model written through the registry): count.
  const total = page.total ?? counted ?? (await countModels(filter));
  return { models, total, offset, limit };
}

/** Labels in use, most used first, then by name (counts kept by the database: decision 021). */
export async function listModelLabels(): Promise<string[]> {
  const rows = await db().$queryRaw<{ label: string }[]>`
    SELECT label FROM model_labels WHERE models > 0 ORDER BY models DESC, label ASC`;
  return rows.map((r) => r.label);
}
