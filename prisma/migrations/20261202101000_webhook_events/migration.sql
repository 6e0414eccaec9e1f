-- The webhook outbox as one row per event (decision 150): a change's transaction writes one
-- webhook_events row per event that matches an enabled subscription, with the ids of the
-- subscriptions it matched, instead of one webhook_deliveries row per (event, subscription).
-- The delivery workers fan each event out to its deliveries. Deliveries already queued stay
-- where they are: the workers send them as before, so nothing needs carrying over.

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" BIGSERIAL NOT NULL,
    "history_id" BIGINT NOT NULL,
    "event_type" TEXT NOT NULL,
    "model_id" INTEGER,
    "subscription_ids" UUID[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);
