import { expectedRevision, etag } from "@/lib/http/revision";
import { ok, route } from "@/lib/http/route";
import { wireVersion } from "@/lib/http/wire/version";
import { deleteVersion, getAlias, getVersion, parse, updateVersion, readableModel } from "@/lib/registry";
import { decodeSegment } from "@/lib/url/route-segment";
import { ZPatchVersionBody } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";
type P = { modelName: string; modelVersionNum: string };

export const GET = route<P>(async ({ params, actor }) => {
  await readableModel(actor, params.modelName);
  // versions/@production (ours): the version an alias names; Determined's numeric paths are unchanged.
  const ref = decodeSegment(params.modelVersionNum);
  const version = ref.startsWith("@")
    ? (await getAlias(params.modelName, ref.slice(1))).version!
    : await getVersion(params.modelName, params.modelVersionNum);
  return ok({ modelVersion: wireVersion(version) }, etag(version.revision));
});

export const PATCH = route<P>(async ({ req, params, body, actor }) => {
  const { revision, ...fields } = parse(ZPatchVersionBody, await body());
  const version = await updateVersion({
    actor, model: params.modelName, version: params.modelVersionNum,
    input: { ...fields, expectedRevision: expectedRevision(req, revision) },
  });
  return ok({ modelVersion: wireVersion(version) }, etag(version.revision));
});

export const DELETE = route<P>(async ({ params, actor }) => {
  await deleteVersion({ actor, model: params.modelName, version: params.modelVersionNum });
  return {};
});
