import { etag } from "@/lib/http/revision";
import { ok, route } from "@/lib/http/route";
import { wireModel } from "@/lib/http/wire/model";
import { mergeModelMetadata } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** `{"set": {...}, "remove": [...]}` merged on the server, so concurrent merges of different keys all survive. */
export const PATCH = route<{ modelName: string }>(async ({ params, body, actor }) => {
  const model = await mergeModelMetadata({ actor, model: params.modelName, input: await body() });
  return ok({ model: wireModel(model) }, etag(model.revision));
});
