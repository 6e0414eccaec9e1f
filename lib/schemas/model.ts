import { z } from "zod";
import { ZAliasName } from "./alias";
import { ZDescription, ZLabels, ZMetadata, ZModelName, ZNotes, ZOrderBy, ZPage } from "./common";

export const ZCreateModel = z.object({
  name: ZModelName,
  description: ZDescription.default(""),
  metadata: ZMetadata.default({}),
  labels: ZLabels.default([]),
  notes: ZNotes.default(""),
  /** Its workspace, by name or id; absent: the default workspace. */
  workspace: z.union([z.string().min(1, "Workspace is required."), z.number().int().positive()]).optional(),
});
export type TCreateModel = z.input<typeof ZCreateModel>;

export const ZUpdateModel = z.object({
  name: ZModelName.optional(),
  description: ZDescription.optional(),
  labels: ZLabels.optional(),
  notes: ZNotes.optional(),
  metadata: ZMetadata.optional(),
  /** Moves the model there (by name or id), as Determined's Model.move_to_workspace() asks. */
  workspace: z.union([z.string().min(1, "Workspace is required."), z.number().int().positive()]).optional(),
  /** The revision the editor started from; a mismatch is a CONFLICT. */
  expectedRevision: z.number().int().positive().optional(),
});
export type TUpdateModel = z.input<typeof ZUpdateModel>;

/** A model's id, as the pages' editors send it. */
export const ZModelId = z.number().int().positive();
/** The model fields an inline editor on the model page may save one at a time. */
export const ZModelEditableField = z.enum(["name", "description", "labels", "notes", "metadata"]);
export type TModelEditableField = z.infer<typeof ZModelEditableField>;

export const MODEL_SORTS = ["name", "description", "creationTime", "lastUpdatedTime", "numVersions", "workspace", "id"] as const;
export const ZModelSort = z.enum(MODEL_SORTS);
export type TModelSort = z.infer<typeof ZModelSort>;

export const ZListModels = ZPage.extend({
  sortBy: ZModelSort.default("id"),
  orderBy: ZOrderBy.default("asc"),
  name: z.string().optional(),
  description: z.string().optional(),
  labels: z.array(z.string()).optional(),
  archived: z.boolean().optional(),
  userIds: z.array(z.number().int()).optional(),
  usernames: z.array(z.string()).optional(),
  workspaceIds: z.array(z.number().int()).optional(),
  workspaceNames: z.array(z.string()).optional(),
  id: z.number().int().optional(),
  /** Only models that have this alias (`latest`: models with a version). */
  alias: ZAliasName.optional(),
});
export type TListModels = z.input<typeof ZListModels>;

/** A type-ahead search for pickers: unarchived models whose name contains `query`. */
export const ZModelSearch = z.object({
  query: z.string().max(255, "Search text is too long.").default(""),
  limit: z.number().int().min(1).max(50).default(20),
});
export type TModelSearch = z.input<typeof ZModelSearch>;
