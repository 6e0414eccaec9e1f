import { paginate } from "@/lib/http/pagination";
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { readWorkspace } from "@/lib/registry";
import { ZApiPageQuery } from "@/lib/schemas/api";
import { workspaceKey } from "@/lib/http/workspace-key";

export const dynamic = "force-dynamic";

/** `det workspace describe` lists a workspace's projects after it: the registry has none. */
export const GET = route<{ workspaceId: string }>(async ({ params, query, actor }) => {
  await readWorkspace({ reader: actor, workspace: workspaceKey(params.workspaceId) });
  const { pagination } = await paginate(parseQuery(ZApiPageQuery, query), async () => ({ items: [], total: 0 }));
  return { projects: [], pagination };
});
