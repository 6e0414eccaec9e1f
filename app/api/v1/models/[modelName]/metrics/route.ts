import { route } from "@/lib/http/route";
import { listModelMetricNames } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** The numeric validation metrics a model's versions report (what its chart can draw). */
export const GET = route<{ modelName: string }>(async ({ params }) => ({ metrics: await listModelMetricNames(params.modelName) }));
