import { route } from "@/lib/http/route";
import { unarchiveModel } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const POST = route<{ modelName: string }>(async ({ params, actor }) => {
  await unarchiveModel({ actor, model: params.modelName });
  return {};
});
