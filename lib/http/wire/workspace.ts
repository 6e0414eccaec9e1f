import type { TWireWorkspace } from "../../schemas/api";
import type { TWorkspace } from "../../registry";

/** Determined's v1Workspace (every field its SDK and `det workspace` read), plus our model count. */
export function wireWorkspace(w: TWorkspace): TWireWorkspace {
  return {
    id: w.id,
    name: w.name,
    archived: w.archived,
    username: w.username,
    immutable: w.immutable,
    numProjects: 0,
    pinned: false,
    userId: w.userId ?? 0,
    numExperiments: w.numExperiments,
    state: "WORKSPACE_STATE_UNSPECIFIED",
    errorMessage: "",
    agentUserGroup: null,
    checkpointStorageConfig: null,
    defaultComputePool: "",
    defaultAuxPool: "",
    numModels: w.numModels,
    createdAt: new Date(w.createdAt).toISOString(),
  };
}
