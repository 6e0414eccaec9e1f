import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { compareVersions, readableModel } from "@/lib/registry";
import { ZCompareQuery } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/** 2 to 10 versions side by side: `?versions=3,7,9` (the first is the baseline). */
export const GET = route<{ modelName: string }>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  const q = parseQuery(ZCompareQuery, query);
  return compareVersions(params.modelName, { versions: q.versions, flip: q.flip ?? [] });
});
