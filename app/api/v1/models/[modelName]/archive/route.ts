import { route } from "@/lib/http/route";
import { archiveModel } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const POST = route<{ modelName: string }>(async ({ params, actor }) => {
  await archiveModel({ actor, model: params.modelName });
  return {};
});
