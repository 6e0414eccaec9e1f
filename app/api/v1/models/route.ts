import { idempotent } from "@/lib/http/idempotency";
import { paginate } from "@/lib/http/pagination";
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireModel } from "@/lib/http/wire/model";
import { createModel, getModel, getWorkspace, listModels, parse } from "@/lib/registry";
import { MODEL_SORT_NAMES, ZGetModelsQuery, ZPostModelBody, orderDirection } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";

export const GET = route(async ({ query }) => {
  const q = parseQuery(ZGetModelsQuery, query);
  const { items, pagination } = await paginate(q, async (offset, limit) => {
    const page = await listModels({
      offset, limit,
      sortBy: MODEL_SORT_NAMES[q.sortBy ?? "SORT_BY_UNSPECIFIED"],
      orderBy: orderDirection(q.orderBy),
      name: q.name, description: q.description, labels: q.labels, archived: q.archived,
      usernames: q.users, userIds: q.userIds, workspaceNames: q.workspaceNames, workspaceIds: q.workspaceIds, id: q.id, alias: q.alias,
    });
    return { items: page.models, total: page.total };
  });
  return { models: items.map(wireModel), pagination };
});

export const POST = route(async ({ req, body, actor }) => {
  const sent = await body();
  return idempotent({ req, actor, body: sent }, async (idempotency) => {
    const { workspaceName, workspaceId, ...fields } = parse(ZPostModelBody, sent);
    const workspace = workspaceId !== undefined ? (await getWorkspace({ id: workspaceId })).name : workspaceName;
    return { model: wireModel(await createModel({ actor, input: { ...fields, workspace }, idempotency })) };
  }, async (made) => ({ model: wireModel(await getModel(Number(made.id))) }));
});
