-- Webhook claims that cost the number of (subscription, model) chains, not the backlog
-- (decision 082). A chain's next first attempt is the smallest id among its pending first
-- attempts: the claim walks this index one descent per chain.
CREATE INDEX "webhook_deliveries_first_idx" ON "webhook_deliveries"("subscription_id", "model_id", "id")
  WHERE "status" = 'pending' AND "attempts" = 0 AND "model_id" IS NOT NULL;

-- Everything else pending (retries, redeliveries, and events of no model: pings,
-- checkpoints) is taken by due time, in order held back by nothing.
DROP INDEX "webhook_deliveries_due_idx";
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"("next_attempt_at", "id")
  WHERE "status" = 'pending' AND ("attempts" > 0 OR "model_id" IS NULL);

-- Served the old claim's per-row NOT EXISTS; webhook_deliveries_first_idx replaces it.
DROP INDEX "webhook_deliveries_order_idx";
