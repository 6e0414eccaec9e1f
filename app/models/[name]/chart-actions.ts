"use server";

import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { RegistryError, listModelMetricNames, metricSeries, parse, readableModel } from "@/lib/registry";
import { ZModelId } from "@/lib/schemas";

/** A point as the chart draws it: times as epoch milliseconds (plain numbers cross the wire). */
export type ChartPoint = { version: number; time: number; value: number; aliases: string[] };
export type ChartSeries = { metric: string; total: number; downsampling: "none" | "min-max"; points: ChartPoint[] };

/** Pages are behind sign-in, but an action is callable on its own: as on the REST API, no anonymous reads, and only models in the reader's workspaces. */
async function signedIn(modelId: number) {
  const actor = await currentActor();
  if (actor.anonymous) throw new RegistryError("UNAUTHENTICATED", "Sign in to see this model's metrics.");
  await readableModel(actor, parse(ZModelId, modelId));
}

/** The metrics the model's chart can draw (the same read as GET .../metrics). */
export async function loadMetricNamesAction(modelId: number): Promise<ActionResult<string[]>> {
  return run(async () => {
    await signedIn(modelId);
    return listModelMetricNames(parse(ZModelId, modelId));
  });
}

/** One metric across the model's versions (the same read as GET .../metrics/{metric}/series). */
export async function loadMetricSeriesAction(modelId: number, metric: string): Promise<ActionResult<ChartSeries>> {
  return run(async () => {
    await signedIn(modelId);
    const s = await metricSeries(parse(ZModelId, modelId), { metric });
    return {
      metric: s.metric, total: s.total, downsampling: s.downsampling,
      points: s.points.map((p) => ({ version: p.version, time: p.time.getTime(), value: p.value, aliases: p.aliases })),
    };
  });
}
