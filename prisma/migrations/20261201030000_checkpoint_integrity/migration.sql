-- Checkpoint integrity (docs/decisions/070-checkpoint-digests-and-manifest.md):
-- the SHA-256 of every stored file and the manifest digest over them, recorded when
-- the files arrive (or by the start-up backfill for older checkpoints); whether a
-- re-hash of storage found them changed; and the runs of that re-hash.
ALTER TABLE "checkpoints"
  ADD COLUMN "file_digests" JSONB,
  ADD COLUMN "manifest_digest" TEXT,
  ADD COLUMN "verified_at" TIMESTAMPTZ(6),
  ADD COLUMN "corrupt_at" TIMESTAMPTZ(6),
  ADD COLUMN "corrupt_files" JSONB,
  ADD COLUMN "digests_claimed_until" TIMESTAMPTZ(6);

-- The backfill's queue: completed checkpoints that have neither digests nor a check.
CREATE INDEX "checkpoints_digest_backfill_idx" ON "checkpoints" ("uuid")
  WHERE "state" = 'COMPLETED' AND "manifest_digest" IS NULL AND "verified_at" IS NULL;

CREATE TABLE "storage_verifications" (
  "id" SERIAL NOT NULL,
  "status" TEXT NOT NULL DEFAULT 'RUNNING',
  "started_by" TEXT NOT NULL,
  "instance" TEXT NOT NULL,
  "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "heartbeat_at" TIMESTAMPTZ(6) NOT NULL DEFAULT now(),
  "finished_at" TIMESTAMPTZ(6),
  "checkpoints_total" INTEGER NOT NULL DEFAULT 0,
  "checkpoints_done" INTEGER NOT NULL DEFAULT 0,
  "bytes_total" BIGINT NOT NULL DEFAULT 0,
  "bytes_done" BIGINT NOT NULL DEFAULT 0,
  "corrupt_checkpoints" INTEGER NOT NULL DEFAULT 0,
  "problems" JSONB NOT NULL DEFAULT '[]',
  "error" TEXT NOT NULL DEFAULT '',
  CONSTRAINT "storage_verifications_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "storage_verifications_status_check" CHECK ("status" IN ('RUNNING', 'DONE', 'FAILED', 'INTERRUPTED'))
);
-- At most one run at a time, whichever instance or script started it.
CREATE UNIQUE INDEX "storage_verifications_one_running_idx" ON "storage_verifications" ((true)) WHERE "status" = 'RUNNING';
CREATE INDEX "storage_verifications_started_at_idx" ON "storage_verifications" ("started_at");
