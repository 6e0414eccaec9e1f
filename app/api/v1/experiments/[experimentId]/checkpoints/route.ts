import { paginate } from "@/lib/http/pagination";
import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireCheckpoint } from "@/lib/http/wire/checkpoint";
import { getExperiment, listCheckpoints, assertCanRead } from "@/lib/registry";
import { CHECKPOINT_SORT_NAMES, ZGetExperimentCheckpointsQuery, orderDirection } from "@/lib/schemas/api";
import type { TCheckpointState } from "@/lib/schemas";

export const dynamic = "force-dynamic";

/** What the SDK's `get_experiment(id).list_checkpoints()` calls. */
export const GET = route<{ experimentId: string }>(async ({ params, query, actor }) => {
  const q = parseQuery(ZGetExperimentCheckpointsQuery, query);
  const experiment = await getExperiment(params.experimentId);
  await assertCanRead(actor, experiment.workspaceId, `Experiment ${params.experimentId}`);
  const states = q.states?.filter((s) => s !== "STATE_UNSPECIFIED").map((s) => s.slice("STATE_".length) as TCheckpointState);
  const { items, pagination } = await paginate(q, async (offset, limit) => {
    const page = await listCheckpoints({
      experimentId: experiment.id,
      offset, limit,
      sortBy: CHECKPOINT_SORT_NAMES[q.sortByAttr ?? "SORT_BY_UNSPECIFIED"],
      sortByMetric: q.sortByMetric,
      orderBy: orderDirection(q.orderBy),
      states: states?.length ? states : undefined,
    });
    return { items: page.checkpoints, total: page.total };
  });
  return { checkpoints: items.map(wireCheckpoint), pagination };
});
