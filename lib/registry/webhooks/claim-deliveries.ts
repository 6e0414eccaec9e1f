import "server-only";
import { db } from "../../db/client";

export type ClaimedDelivery = {
  id: bigint; subscriptionId: string; historyId: bigint | null; eventType: string; modelId: number | null; attempts: number; body: string | null;
};

/**
 * Claims up to `limit` due deliveries for this instance until `now + leaseMs`.
 *
 * Concurrency: the inner SELECT takes row locks with SKIP LOCKED, so instances claiming
 * at the same moment never wait for nor take each other's rows, and the lease written
 * here keeps a claimed row out of every later claim until it expires. Each attempt is
 * therefore made by one instance; only an instance that dies mid-attempt (lease expired,
 * nothing recorded) lets another send it again, with the same webhook-id: at-least-once.
 *
 * Order: a delivery is not claimed while an earlier delivery of the same model to the
 * same subscription is still unattempted or in flight, so first attempts of one model's
 * events are made in the order their changes were recorded. Retries do not hold later
 * events back (a dead receiver would stall a model for 24 h): decision 081.
 */
export async function claimDueDeliveries(opts: {
  now: Date; limit: number; leaseMs: number; skipSubscriptions?: string[];
}): Promise<ClaimedDelivery[]> {
  if (opts.limit <= 0) return [];
  const until = new Date(opts.now.getTime() + opts.leaseMs);
  const rows = await db().$queryRaw<{ id: bigint; subscription_id: string; history_id: bigint | null; event_type: string; model_id: number | null; attempts: number; body: string | null }[]>`
    UPDATE webhook_deliveries d SET locked_until = ${until}
      FROM (
        SELECT d2.id FROM webhook_deliveries d2 JOIN webhook_subscriptions s ON s.id = d2.subscription_id
         WHERE d2.status = 'pending' AND d2.next_attempt_at <= ${opts.now}
           AND (d2.locked_until IS NULL OR d2.locked_until <= ${opts.now})
           AND (s.enabled OR d2.event_type = 'ping')
           AND NOT (d2.subscription_id::text = ANY (${opts.skipSubscriptions ?? []}::text[]))
           AND NOT EXISTS (
             SELECT 1 FROM webhook_deliveries p
              WHERE p.subscription_id = d2.subscription_id AND p.model_id = d2.model_id AND p.status = 'pending' AND p.id < d2.id
                AND (p.attempts = 0 OR p.locked_until > ${opts.now}))
         ORDER BY d2.next_attempt_at, d2.id
         LIMIT ${opts.limit}
         FOR UPDATE OF d2 SKIP LOCKED
      ) c
     WHERE d.id = c.id
    RETURNING d.id, d.subscription_id::text AS subscription_id, d.history_id, d.event_type, d.model_id, d.attempts, d.body`;
  return rows
    .map((r) => ({ id: r.id, subscriptionId: r.subscription_id, historyId: r.history_id, eventType: r.event_type, modelId: r.model_id, attempts: r.attempts, body: r.body }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
