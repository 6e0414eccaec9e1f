import type { TWireExperiment } from "../../schemas/api";
import type { TExperiment } from "../../registry";

// We keep no projects or jobs: every experiment lives in the default project (id 1),
// and job ids are derived so they are stable and unique.
const DEFAULT_PROJECT_ID = 1;

/** Determined's v1Experiment: at least the fields the SDK's Experiment reads. */
export function wireExperiment(e: TExperiment): TWireExperiment {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    labels: [],
    startTime: e.startTime.toISOString(),
    endTime: e.endTime?.toISOString() ?? null,
    state: `STATE_${e.state}`,
    archived: e.archived,
    numTrials: e.numTrials,
    trialIds: [],
    displayName: e.username,
    userId: e.userId,
    username: e.username,
    resourcePool: "",
    searcherType: e.searcherType,
    searcherMetric: e.searcherMetric ?? "",
    smallerIsBetter: e.smallerIsBetter,
    hyperparameters: {},
    notes: "",
    jobId: `experiment-${e.id}`,
    forkedFrom: null,
    progress: null,
    projectId: DEFAULT_PROJECT_ID,
    projectName: "Uncategorized",
    projectOwnerId: e.userId,
    workspaceId: e.workspaceId,
    parentArchived: false,
    config: e.config,
    originalConfig: JSON.stringify(e.config),
    checkpointCount: e.numCheckpoints,
    checkpointSize: "0",
    unmanaged: true,
    externalExperimentId: null,
    externalTrialId: null,
    duration: null,
    modelDefinitionSize: 0,
  };
}
