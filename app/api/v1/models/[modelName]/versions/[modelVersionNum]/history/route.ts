import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireHistoryPage } from "@/lib/http/wire/history";
import { listVersionHistory } from "@/lib/registry";
import { ZHistoryQuery } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/** One version's edit history, newest first (also after the version was deleted). */
export const GET = route<{ modelName: string; modelVersionNum: string }>(async ({ params, query }) =>
  wireHistoryPage(await listVersionHistory(params.modelName, params.modelVersionNum, parseQuery(ZHistoryQuery, query))));
