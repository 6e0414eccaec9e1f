import { route } from "@/lib/http/route";
import { wireExperiment } from "@/lib/http/wire/experiment";
import { assertCanRead, getExperiment } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const GET = route<{ experimentId: string }>(async ({ params, actor }) => {
  const experiment = await getExperiment(params.experimentId);
  await assertCanRead(actor, experiment.workspaceId, `Experiment ${params.experimentId}`);
  return { experiment: wireExperiment(experiment), jobSummary: null };
});
