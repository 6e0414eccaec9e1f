import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import { ZListModels, type TListModels } from "../../schemas";
import type { Actor } from "../actor";
import { parse } from "../errors";
import { readScope } from "../workspaces/read-scope";
import { aliasTotal } from "./alias-total";
import { countedTotal } from "./model-counts";
import { countModels, onlyArchivedFilter, pageIds } from "./page-ids";
import { modelsByIds, type TModel } from "./select";

export { escapeLike } from "./page-ids";

export type ModelPage = { models: TModel[]; total: number; offset: number; limit: number };

/**
 * One page of the models `reader` may read (workspaces/read-scope.ts) plus the total;
 * ties in the sort column are broken by id.
 */
export const listModels = edge(async function listModels({ reader, ...input }: TListModels & { reader: Actor }): Promise<ModelPage> {
  const { sortBy, orderBy, offset, limit, ...parsed } = parse(ZListModels, input);
  const scope = await readScope(reader);
  const filter = scope.all ? parsed : { ...parsed, within: scope.ids };
  const [{ ids, total: grouped }, counted] = await Promise.all([
    // limit 0 is Determined's "no limit": every model from the offset on.
    pageIds(filter, { sortBy, orderBy, offset, limit: limit === 0 ? null : limit }),
    sortBy === "workspace" ? undefined : modelTotal(filter),
  ]);
  const byId = new Map((await modelsByIds(ids)).map((m) => [m.id, m]));
  // A model deleted between the two reads is left out rather than shown half-read.
  const models = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return { models, total: grouped ?? counted ?? 0, offset, limit };
});

/** With no filter but `archived`, the kept counts answer; with only an alias, its rows; anything else is counted. */
async function modelTotal(filter: Parameters<typeof countModels>[0]): Promise<number> {
  if (filter.within) return countModels(filter);
  if (onlyArchivedFilter(filter)) {
    const counted = await countedTotal(filter.archived);
    if (counted !== null) return counted;
  }
  if (filter.alias && onlyArchivedFilter({ ...filter, alias: undefined })) {
    const counted = await aliasTotal(filter.alias, filter.archived);
    if (counted !== null) return counted;
  }
  return countModels(filter);
}

/**
 * Labels in use on the models `reader` may read, most used first, then by name. Reading
 * everything, the counts kept by the database answer (decision 020); within some
 * workspaces, their models' labels are counted (decision 061).
 */
export const listModelLabels = edge(async function listModelLabels({ reader }: { reader: Actor }): Promise<string[]> {
  const scope = await readScope(reader);
  const rows = scope.all
    ? await db().$queryRaw<{ label: string }[]>`
        SELECT label FROM model_labels WHERE models > 0 ORDER BY models DESC, label ASC`
    : await db().$queryRaw<{ label: string }[]>`
        SELECT l.label FROM models m, unnest(m.labels) AS l(label)
         WHERE m.workspace_id = ANY(${scope.ids}::int[])
         GROUP BY l.label ORDER BY count(*) DESC, l.label ASC`;
  return rows.map((r) => r.label);
});
