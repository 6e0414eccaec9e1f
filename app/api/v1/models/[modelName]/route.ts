import { parseQuery } from "@/lib/http/query";
import { expectedRevision, etag } from "@/lib/http/revision";
import { ok, route } from "@/lib/http/route";
import { wireAlias } from "@/lib/http/wire/alias";
import { wireModel } from "@/lib/http/wire/model";
import { deleteModel, getModelAt, parse, readableModel, updateModel } from "@/lib/registry";
import { ZAtQuery, ZPatchModelBody } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";
type P = { modelName: string };

export const GET = route<P>(async ({ params, query, actor }) => {
  const { at } = parseQuery(ZAtQuery, query);
  const model = await readableModel(actor, params.modelName);
  if (at !== undefined) {
    // As it was then (ours): no ETag, since a past state cannot be edited.
    const then = await getModelAt(params.modelName, at);
    return { model: wireModel(then.model), aliases: then.aliases.map(wireAlias), at: then.at.toISOString() };
  }
  return ok({ model: wireModel(model) }, etag(model.revision));
});

export const PATCH = route<P>(async ({ req, params, body, actor }) => {
  const { workspaceName, workspaceId, revision, ...fields } = parse(ZPatchModelBody, await body());
  const model = await updateModel({
    actor, model: params.modelName,
    input: { ...fields, workspace: workspaceId ?? workspaceName, expectedRevision: expectedRevision(req, revision) },
  });
  return ok({ model: wireModel(model) }, etag(model.revision));
});

export const DELETE = route<P>(async ({ params, actor }) => {
  await deleteModel({ actor, model: params.modelName });
  return {};
});
