import "server-only";
import { backgroundDb } from "../../db/client";

/** How many events one fan-out takes (x their subscriptions: the delivery rows it writes). */
export const FAN_OUT_EVENTS = 2000;

/**
 * Turns committed outbox events (webhook_events, written by the changes' transactions:
 * history/record-history.ts) into their deliveries, one per subscription the event matched
 * when it committed, and deletes them, in one statement: all of a batch or none of it, so
 * an event is fanned out exactly once whichever instance does it, and an instance killed
 * mid-way leaves its events for the next (decision 150). A subscription deleted meanwhile
 * gets nothing; one disabled meanwhile gets its deliveries, sent once it is enabled again
 * (as deliveries queued before a disable always were).
 *
 * Order: a chain's next first attempt is its smallest pending delivery id
 * (claim-deliveries.ts), so delivery ids must follow the events' ids. One fan-out runs at
 * a time across instances (a transaction-level advisory lock: an instance that finds it
 * taken does nothing, the holder takes the events), taking events in id order and
 * inserting their deliveries in that order. Events of one model commit in id order (each
 * holds the model's row lock when it takes its id), so a statement that sees an event
 * sees every earlier one of its model; rows another fan-out deleted after this statement's
 * snapshot are skipped by the DELETE, not fanned out twice.
 *
 * Returns how many deliveries it made.
 */
export async function fanOutEvents(limit = FAN_OUT_EVENTS): Promise<number> {
  const [{ n }] = await backgroundDb().$queryRaw<{ n: number }[]>`
    WITH turn AS MATERIALIZED (SELECT pg_try_advisory_xact_lock(1835364711, 150) AS mine),
    ev AS (
      DELETE FROM webhook_events
       WHERE id IN (SELECT id FROM webhook_events WHERE (SELECT mine FROM turn) ORDER BY id LIMIT ${limit})
      RETURNING id, history_id, event_type, model_id, subscription_ids, created_at
    ), made AS (
      INSERT INTO webhook_deliveries (subscription_id, history_id, event_type, model_id, created_at)
      SELECT s.id, ev.history_id, ev.event_type, ev.model_id, ev.created_at
        FROM ev CROSS JOIN LATERAL unnest(ev.subscription_ids) AS x(sid)
        JOIN webhook_subscriptions s ON s.id = x.sid
       ORDER BY ev.id, s.id
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM made`;
  return n;
}

/** Whether committed events wait to be fanned out (tests and the bench wait for none). */
export async function eventsWaiting(): Promise<number> {
  return backgroundDb().webhookEvent.count();
}
