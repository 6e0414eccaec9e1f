import { expectedRevision, etag } from "@/lib/http/revision";
import { ok, route } from "@/lib/http/route";
import { wireModel } from "@/lib/http/wire/model";
import { deleteModel, getModel, getWorkspace, parse, updateModel } from "@/lib/registry";
import { ZPatchModelBody } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";
type P = { modelName: string };

export const GET = route<P>(async ({ params }) => {
  const model = await getModel(params.modelName);
  return ok({ model: wireModel(model) }, etag(model.revision));
});

export const PATCH = route<P>(async ({ req, params, body, actor }) => {
  const { workspaceName, workspaceId, revision, ...fields } = parse(ZPatchModelBody, await body());
  const workspace = workspaceId !== undefined ? (await getWorkspace({ id: workspaceId })).name : workspaceName;
  const model = await updateModel({
    actor, model: params.modelName,
    input: { ...fields, workspace, expectedRevision: expectedRevision(req, revision) },
  });
  return ok({ model: wireModel(model) }, etag(model.revision));
});

export const DELETE = route<P>(async ({ params, actor }) => {
  await deleteModel({ actor, model: params.modelName });
  return {};
});
