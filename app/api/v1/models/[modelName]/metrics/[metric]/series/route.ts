import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { metricSeries, readableModel } from "@/lib/registry";
import { ZMetricSeriesQuery } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/** A metric across the model's versions, at most `points` points (min/max per bucket beyond that). */
export const GET = route<{ modelName: string; metric: string }>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  const q = parseQuery(ZMetricSeriesQuery, query);
  return metricSeries(params.modelName, { metric: params.metric, points: q.points });
});
