import { etag } from "@/lib/http/revision";
import { ok, route } from "@/lib/http/route";
import { wireVersion } from "@/lib/http/wire/version";
import { mergeVersionMetadata } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** `{"set": {...}, "remove": [...]}` merged into the version's metadata on the server. */
export const PATCH = route<{ modelName: string; modelVersionNum: string }>(async ({ params, body, actor }) => {
  const version = await mergeVersionMetadata({ actor, model: params.modelName, version: params.modelVersionNum, input: await body() });
  return ok({ modelVersion: wireVersion(version) }, etag(version.revision));
});
