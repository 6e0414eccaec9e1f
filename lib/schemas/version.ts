import { z } from "zod";
import { ZLabels, ZMetadata, ZModelRef, ZNotes, ZOrderBy, ZPage } from "./common";

export const ZVersionName = z.string({ error: "Version name must be a string." }).max(255, "Version name must be at most 255 characters.")
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "Version name cannot contain control characters.");
export const ZComment = z.string({ error: "Comment must be a string." }).max(10_000, "Comment must be at most 10,000 characters.");
export const ZCheckpointUuid = z.uuid({ error: "Checkpoint UUID is not a valid UUID." });

export const ZRegisterVersion = z.object({
  name: ZVersionName.default(""),
  comment: ZComment.default(""),
  metadata: ZMetadata.default({}),
  labels: ZLabels.default([]),
  notes: ZNotes.default(""),
});
export type TRegisterVersion = z.input<typeof ZRegisterVersion>;

export const ZUpdateVersion = z.object({
  name: ZVersionName.optional(),
  comment: ZComment.optional(),
  notes: ZNotes.optional(),
  labels: ZLabels.optional(),
  metadata: ZMetadata.optional(),
  expectedRevision: z.number().int().positive().optional(),
});
export type TUpdateVersion = z.input<typeof ZUpdateVersion>;

/** A version as the pages address it: its model's id and its number. */
export const ZVersionRef = z.object({ modelId: z.number().int().positive(), version: z.number().int().positive() });
/** The version fields an inline editor on the version page may save one at a time. */
export const ZVersionEditableField = z.enum(["name", "comment", "labels", "notes", "metadata"]);
export type TVersionEditableField = z.infer<typeof ZVersionEditableField>;

export const ZListVersions = ZPage.extend({
  sortBy: z.enum(["version", "creationTime"]).default("version"),
  orderBy: ZOrderBy.default("desc"),
});
export type TListVersions = z.input<typeof ZListVersions>;

/** The checkpoint modal's "Register checkpoint" form: which model, which checkpoint, and the version's fields. */
export const ZRegisterCheckpoint = ZRegisterVersion.extend({
  model: ZModelRef,
  checkpointUuid: ZCheckpointUuid,
});
export type TRegisterCheckpoint = z.input<typeof ZRegisterCheckpoint>;
