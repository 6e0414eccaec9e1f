import { idempotent } from "@/lib/http/idempotency";
import { paginate } from "@/lib/http/pagination";
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireModel } from "@/lib/http/wire/model";
import { wireVersion } from "@/lib/http/wire/version";
import { getModel, getVersion, listVersions, parse, registerVersion } from "@/lib/registry";
import { ZGetVersionsQuery, ZPostVersionBody, orderDirection } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";
type P = { modelName: string };

export const GET = route<P>(async ({ params, query }) => {
  const q = parseQuery(ZGetVersionsQuery, query);
  const model = await getModel(params.modelName);
  const { items, pagination } = await paginate(q, async (offset, limit) => {
    const page = await listVersions(model.id, {
      offset, limit,
      sortBy: q.sortBy === "SORT_BY_CREATION_TIME" ? "creationTime" : "version",
      orderBy: orderDirection(q.orderBy),
    });
    return { items: page.versions, total: page.total };
  });
  return { model: wireModel(model), modelVersions: items.map(wireVersion), pagination };
});

export const POST = route<P>(async ({ req, params, body, actor }) => {
  const sent = await body();
  return idempotent({ req, actor, body: sent }, async (idempotency) => {
    const { checkpointUuid, ...fields } = parse(ZPostVersionBody, sent);
    return { modelVersion: wireVersion(await registerVersion({ actor, model: params.modelName, checkpointUuid, input: fields, idempotency })) };
  }, async (made) => {
    // A version's history id is "<model id>/<version number>".
    const [modelId, n] = made.id.split("/").map(Number);
    return { modelVersion: wireVersion(await getVersion(modelId, n)) };
  });
});
