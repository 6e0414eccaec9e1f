import { z } from "zod";

/** Bytes and checkpoint count of one storage figure (docs/decisions/095-storage-usage.md). */
export const ZUsageFigure = z.object({
  bytes: z.number().int().describe("Sum of the sizes of the checkpoints' files, in bytes"),
  checkpoints: z.number().int().describe("How many checkpoints, each counted once"),
});

export const ZStorageUsageReply = z.object({
  stored: ZUsageFigure.describe("Every stored (completed) checkpoint"),
  referenced: ZUsageFigure.describe("The stored checkpoints at least one model version references"),
  unreferenced: ZUsageFigure.describe("The stored checkpoints no model version references"),
});

export const ZModelStorageReply = z.object({
  model: z.string(),
  usage: ZUsageFigure.describe("The checkpoints the model's versions reference, each counted once however many versions share it"),
});
