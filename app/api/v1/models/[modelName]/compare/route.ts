import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { compareSection, compareVersions, readableModel } from "@/lib/registry";
import { ZCompareQuery } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/**
 * 2 to 10 versions side by side: `?versions=3,7,9` (the first is the baseline), each
 * paged list holding its first `limit` rows. With `section=...&after=<pages.<section>.next>`
 * the next page of that one list instead (decision 140).
 */
export const GET = route<{ modelName: string }>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  const q = parseQuery(ZCompareQuery, query);
  const common = { versions: q.versions, flip: q.flip ?? [], only: q.only === "1", ...(q.limit !== undefined ? { limit: q.limit } : {}) };
  if (q.section !== undefined || q.after !== undefined) {
    return compareSection(params.modelName, { ...common, section: q.section as never, version: q.version, after: q.after });
  }
  return compareVersions(params.modelName, common);
});
