import { z } from "zod";
import { ZWorkspaceName } from "../workspace";
import { ZApiOrderBy, ZApiPageQuery, ZQueryBool } from "./common";

export const WORKSPACE_SORT_NAMES = {
  SORT_BY_UNSPECIFIED: "id",
  SORT_BY_ID: "id",
  SORT_BY_NAME: "name",
} as const;

/** GET /api/v1/workspaces, as `det workspace list` and the SDK's get_workspace(name) send it. */
export const ZGetWorkspacesQuery = ZApiPageQuery.extend({
  sortBy: z.enum(Object.keys(WORKSPACE_SORT_NAMES) as [keyof typeof WORKSPACE_SORT_NAMES]).optional(),
  orderBy: ZApiOrderBy.optional(),
  name: z.string().optional().describe("exact name"),
  archived: ZQueryBool.optional().describe("absent: archived and active"),
});

/** POST /api/v1/workspaces: Determined's clients also send agentUserGroup and checkpointStorageConfig (ignored here). */
export const ZPostWorkspaceBody = z.object({ name: ZWorkspaceName }).loose();

/** PATCH /api/v1/workspaces/{id}: only the name is ours to change (absent: nothing changes). */
export const ZPatchWorkspaceBody = z.object({ name: ZWorkspaceName.optional() }).loose();

/** POST /api/v1/models/{modelName}/move (ours): the destination by name or id. */
export const ZMoveModelBody = z.object({
  workspaceName: z.string().min(1).optional(),
  workspaceId: z.number().int().positive().optional(),
});
