import { paginate } from "@/lib/http/pagination";
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireWorkspace } from "@/lib/http/wire/workspace";
import { createWorkspace, listWorkspaces, parse } from "@/lib/registry";
import { WORKSPACE_SORT_NAMES, ZGetWorkspacesQuery, ZPostWorkspaceBody, orderDirection } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";

/** The workspaces the caller may read; `name` is how the SDK's get_workspace(name) looks one up. */
export const GET = route(async ({ query, actor }) => {
  const q = parseQuery(ZGetWorkspacesQuery, query);
  const all = await listWorkspaces({
    reader: actor, name: q.name, archived: q.archived,
    sortBy: WORKSPACE_SORT_NAMES[q.sortBy ?? "SORT_BY_UNSPECIFIED"], orderBy: orderDirection(q.orderBy),
  });
  const { items, pagination } = await paginate(q, async (offset, limit) => (
    { items: all.slice(offset, limit === 0 ? undefined : offset + limit), total: all.length }
  ));
  return { workspaces: items.map(wireWorkspace), pagination };
});

export const POST = route(async ({ body, actor }) => {
  const { name } = parse(ZPostWorkspaceBody, await body());
  return { workspace: wireWorkspace(await createWorkspace({ actor, input: { name } })) };
});
