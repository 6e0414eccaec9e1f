import { route } from "@/lib/http/route";
import { wireExperiment } from "@/lib/http/wire/experiment";
import { getExperiment } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const GET = route<{ experimentId: string }>(async ({ params }) => ({
  experiment: wireExperiment(await getExperiment(params.experimentId)),
  jobSummary: null,
}));
