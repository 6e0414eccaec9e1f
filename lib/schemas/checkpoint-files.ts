import { z } from "zod";

/** Longest lifetime of a presigned URL the API hands out (S3 allows a week; a download needs minutes). */
export const MAX_PRESIGN_SECONDS = 3600;

/** GET /api/v1/checkpoints/{uuid}/files: the files, and with presign=1 a URL per file straight from storage. */
export const ZCheckpointFilesQuery = z.object({
  presign: z.enum(["0", "1", "true", "false"], { error: "presign must be 1 or 0." }).optional()
    .transform((v) => v === "1" || v === "true")
    .describe("1: add a short-lived presigned GET URL per file (null where storage cannot give one: the local folder)"),
  expiresIn: z.coerce.number({ error: "expiresIn must be a number of seconds." }).int().min(1).max(MAX_PRESIGN_SECONDS,
    { error: `expiresIn is at most ${MAX_PRESIGN_SECONDS} seconds.` }).optional()
    .describe(`how long each URL is valid, in seconds (default 900, at most ${MAX_PRESIGN_SECONDS})`),
});
export type TCheckpointFilesQuery = z.output<typeof ZCheckpointFilesQuery>;

export const ZCheckpointFile = z.object({
  path: z.string().describe("relative path inside the checkpoint, with /"),
  size: z.number().int().min(0),
  sha256: z.string().nullable().describe("hex SHA-256 recorded at upload (null before the digest backfill reached it)"),
  url: z.string().nullable().describe("presigned GET URL (ranges allowed), or null: fetch GET /checkpoints/{uuid} instead"),
});

export const ZCheckpointFilesReply = z.object({
  uuid: z.string(),
  storage: z.enum(["local", "s3"]).describe("where the files are; URLs come only from s3"),
  manifestDigest: z.string().nullable(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().describe("when the URLs stop working (null without URLs)"),
  files: z.array(ZCheckpointFile),
});
export type TCheckpointFilesReply = z.infer<typeof ZCheckpointFilesReply>;
