import { route } from "@/lib/http/route";
import { listModelMetricNames, readableModel } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** The numeric validation metrics a model's versions report (what its chart can draw). */
export const GET = route<{ modelName: string }>(async ({ params, actor }) => {
  await readableModel(actor, params.modelName);
  return { metrics: await listModelMetricNames(params.modelName) };
});
