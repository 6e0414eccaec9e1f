-- Webhook payloads stored once per event (decision 190), not on each of its deliveries:
-- the worker records the JSON it sent at an event's first attempt here, keyed by the history
-- event, and every later attempt, redelivery and subscription of that event sends these
-- bytes. A delivery keeps a body of its own only for a ping, or when the body it sent
-- differs from the stored one (two instances built the event at the same moment), or when
-- it was queued before this migration.

-- CreateTable
CREATE TABLE "webhook_payloads" (
    "history_id" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_payloads_pkey" PRIMARY KEY ("history_id")
);

-- No query looks deliveries up by their history event (the log filters by subscription,
-- event type and status); each delivery row wrote this index twice (insert, recording).
DROP INDEX "webhook_deliveries_history_id_idx";

-- Room on each page for the claim's lease update (locked_until, in no index) to stay a
-- heap-only tuple update instead of writing every index again.
ALTER TABLE "webhook_deliveries" SET (fillfactor = 70);
