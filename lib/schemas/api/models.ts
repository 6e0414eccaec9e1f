import { z } from "zod";
import { ZDescription, ZLabels, ZMetadata, ZModelName, ZNotes } from "../common";
import { ZApiOrderBy, ZApiPageQuery, ZQueryBool, ZQueryInts } from "./common";

export const MODEL_SORT_NAMES = {
  SORT_BY_UNSPECIFIED: "id",
  SORT_BY_NAME: "name",
  SORT_BY_DESCRIPTION: "description",
  SORT_BY_CREATION_TIME: "creationTime",
  SORT_BY_LAST_UPDATED_TIME: "lastUpdatedTime",
  SORT_BY_NUM_VERSIONS: "numVersions",
  SORT_BY_WORKSPACE: "workspace",
} as const;
export type TApiModelSort = keyof typeof MODEL_SORT_NAMES;

export const ZGetModelsQuery = ZApiPageQuery.extend({
  sortBy: z.enum(Object.keys(MODEL_SORT_NAMES) as [keyof typeof MODEL_SORT_NAMES]).optional(),
  orderBy: ZApiOrderBy.optional(),
  name: z.string().optional().describe("case-insensitive substring"),
  description: z.string().optional().describe("case-insensitive substring"),
  labels: z.array(z.string()).optional().describe("models with any of these labels"),
  archived: ZQueryBool.optional().describe("absent: archived and active"),
  users: z.array(z.string()).optional().describe("usernames of the models' creators"),
  userIds: ZQueryInts("userIds").optional(),
  workspaceNames: z.array(z.string()).optional(),
  workspaceIds: ZQueryInts("workspaceIds").optional(),
  id: z.coerce.number().int().optional(),
  alias: z.string().optional().describe("ours: only models that have this alias (latest: models with a version)"),
});

/** `?at=`: read as of an instant in the past (ours). */
export const ZAtQuery = z.object({
  at: z.string().optional().describe("ours: an ISO 8601 instant with a time zone, e.g. 2026-03-14T09:00:00Z; not in the future"),
});

const workspaceRef = {
  workspaceName: z.string().optional(),
  workspaceId: z.number().int().positive().optional(),
};

export const ZPostModelBody = z.object({
  name: ZModelName,
  description: ZDescription.optional(),
  metadata: ZMetadata.optional(),
  labels: ZLabels.optional(),
  notes: ZNotes.optional(),
  ...workspaceRef,
});

/** PATCH body: the patch itself; `metadata` replaces the whole object; `revision` as If-Match. */
export const ZPatchModelBody = z.object({
  name: ZModelName.optional(),
  description: ZDescription.optional(),
  metadata: ZMetadata.optional(),
  labels: ZLabels.optional(),
  notes: ZNotes.optional(),
  ...workspaceRef,
  revision: z.number().int().positive().optional().describe("ours: refuse the edit (409) unless the model is still at this revision"),
});
