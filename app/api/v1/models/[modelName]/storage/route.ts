import { route } from "@/lib/http/route";
import { modelStorageUsage, readableModel } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** What the model's versions take in checkpoint storage, each checkpoint counted once. */
export const GET = route<{ modelName: string }>(async ({ params, actor }) => {
  const model = await readableModel(actor, params.modelName);
  return { model: model.name, usage: await modelStorageUsage(model.id) };
});
