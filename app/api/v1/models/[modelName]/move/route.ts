import { route } from "@/lib/http/route";
import { wireModel } from "@/lib/http/wire/model";
import { moveModel, parse } from "@/lib/registry";
import { ZMoveModelBody } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";

/** Ours: move a model to another workspace (edit rights in both); Determined's clients PATCH workspaceName instead. */
export const POST = route<{ modelName: string }>(async ({ params, body, actor }) => {
  const input = parse(ZMoveModelBody, await body());
  return { model: wireModel(await moveModel({ actor, model: params.modelName, input })) };
});
