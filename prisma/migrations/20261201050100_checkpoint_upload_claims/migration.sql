-- An upload's claim on its checkpoint while it writes to object storage (issue 15,
-- docs/decisions/092-s3-object-layout-and-sweep.md): one writer per checkpoint at a time
-- across every instance, renewed while it runs, and what the sweep asks before it
-- removes objects under a checkpoint's uuid.
-- AlterTable
ALTER TABLE "checkpoints" ADD COLUMN "upload_claim" TEXT,
ADD COLUMN "upload_claimed_until" TIMESTAMPTZ(6);
