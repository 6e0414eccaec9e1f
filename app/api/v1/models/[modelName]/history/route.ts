import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireHistoryPage } from "@/lib/http/wire/history";
import { listModelHistory, readableModel } from "@/lib/registry";
import { ZHistoryQuery } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/** A model's edit history, its versions' events included, newest first. */
export const GET = route<{ modelName: string }>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  return wireHistoryPage(await listModelHistory(params.modelName, parseQuery(ZHistoryQuery, query)));
});
