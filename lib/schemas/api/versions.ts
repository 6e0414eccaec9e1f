import { z } from "zod";
import { ZLabels, ZMetadata, ZNotes } from "../common";
import { ZCheckpointUuid, ZComment, ZVersionName } from "../version";
import { ZApiOrderBy, ZApiPageQuery } from "./common";

export const ZGetVersionsQuery = ZApiPageQuery.extend({
  sortBy: z.enum(["SORT_BY_UNSPECIFIED", "SORT_BY_VERSION", "SORT_BY_CREATION_TIME"]).optional(),
  orderBy: ZApiOrderBy.optional(),
});

export const ZPostVersionBody = z.object({
  checkpointUuid: ZCheckpointUuid,
  name: ZVersionName.optional(),
  comment: ZComment.optional(),
  metadata: ZMetadata.optional(),
  labels: ZLabels.optional(),
  notes: ZNotes.optional(),
});

export const ZPatchVersionBody = z.object({
  name: ZVersionName.optional(),
  comment: ZComment.optional(),
  notes: ZNotes.optional(),
  metadata: ZMetadata.optional(),
  labels: ZLabels.optional(),
  revision: z.number().int().positive().optional().describe("ours: refuse the edit (409) unless the version is still at this revision"),
});

/** `{n}` in a version path: a positive whole number. */
export const ZVersionNumber = z.coerce.number({ error: "Version must be a positive whole number." })
  .int("Version must be a positive whole number.").positive("Version must be a positive whole number.");
