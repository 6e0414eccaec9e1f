import "server-only";
import { backgroundDb } from "../../db/client";

/** Failed attempts are retried for 24 hours from the first (of an event or a redelivery), then the delivery is failed. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** A subscription whose every attempt has failed for 3 days is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;

/** Exponential backoff with jitter: ~10 s, 20 s, 40 s ... capped at 1 h, each drawn from [50%, 100%]. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(3600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

export type AttemptOutcome = {
  at: Date; ok: boolean; statusCode: number | null; latencyMs: number; error: string | null; response: string;
};

export type FinishedAttempt = {
  deliveryId: bigint; subscriptionId: string; outcome: AttemptOutcome;
  /** The delivery's attempts before this one (from its claim). */
  attemptsBefore: number;
  /** The history event it announces (null: a ping). */
  historyId: bigint | null;
  /**
   * The JSON sent, when nothing was stored for it before this attempt (the event's first
   * attempt): to be stored once, as the event's payload. Null when the claim handed it the
   * stored bytes.
   */
  body: string | null;
};

/**
 * Records attempts and what follows from each, in one statement however many there are
 * (the worker hands over whatever finished meanwhile; a statement is its own transaction,
 * so all of it is recorded or none): the log lines; each delivery succeeded, due again
 * after a backoff, or failed once its 24 h retry window (which starts at its first
 * attempt) is over; and each subscription's failing streak, which disables it after
 * 3 days; and the claimed rows handed back unattempted. The JSON of an event's first
 * attempt is stored once per event (webhook_payloads, decision 190), so every retry,
 * redelivery and other subscription of it sends the same bytes; a delivery keeps a copy of
 * its own only when what it sent differs from the payload stored (another instance built
 * the event at the same moment and stored first, or this worker rebuilt it). Returns the
 * subscriptions disabled.
 */
export async function finishAttempts(opts: {
  attempts: FinishedAttempt[]; now: Date; random?: () => number;
  /** Claimed first attempts not made (the rest of a chain cut short): due again at once, for any instance. */
  handBack?: bigint[];
}): Promise<string[]> {
  const { now } = opts;
  const handBack = (opts.handBack ?? []).map(String);
  if (!opts.attempts.length && !handBack.length) return [];
  // Each new payload travels once, however many of the event's deliveries are recorded here;
  // a row carries its own body only when it sent different bytes.
  const payloads = new Map<string, string>();
  for (const a of opts.attempts) if (a.body !== null && a.historyId !== null && !payloads.has(String(a.historyId))) payloads.set(String(a.historyId), a.body);
  const rows = opts.attempts.map((a) => ({
    id: String(a.deliveryId), ok: a.outcome.ok, history_id: a.historyId === null ? null : String(a.historyId), fresh: a.body !== null,
    body: a.body !== null && (a.historyId === null || payloads.get(String(a.historyId)) !== a.body) ? a.body : null,
    delay_ms: retryDelayMs(a.attemptsBefore + 1, opts.random),
    at: a.outcome.at.toISOString(), status_code: a.outcome.statusCode, latency_ms: a.outcome.latencyMs, error: a.outcome.error, response: a.outcome.response,
  }));
  const bodies = [...payloads].map(([history_id, body]) => ({ history_id, body }));
  const ok = new Set(opts.attempts.filter((a) => a.outcome.ok).map((a) => a.subscriptionId));
  const failing = [...new Set(opts.attempts.filter((a) => !a.outcome.ok).map((a) => a.subscriptionId))].filter((s) => !ok.has(s));
  const window = RETRY_WINDOW_MS / 1000;
  const disableAfter = DISABLE_AFTER_MS / 1000;
  const disabled = await backgroundDb().$queryRaw<{ id: string; enabled: boolean }[]>`
    WITH b AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(bodies)}::jsonb) AS b(history_id bigint, body text)
    ), r AS MATERIALIZED (
      SELECT r.*, COALESCE(r.body, b.body) AS sent
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(id text, ok boolean, history_id bigint, fresh boolean, body text, delay_ms int, at timestamptz, status_code int, latency_ms int, error text, response text)
        LEFT JOIN b ON b.history_id = r.history_id
    ), stored AS (
      -- the event's payload, once; an instance that stored it first (committed or not) wins
      INSERT INTO webhook_payloads (history_id, body) SELECT history_id, body FROM b ORDER BY history_id
      ON CONFLICT (history_id) DO NOTHING
      RETURNING history_id
    ), logged AS (
      INSERT INTO webhook_attempts (delivery_id, at, status_code, latency_ms, error, response)
      SELECT r.id::bigint, r.at, r.status_code, r.latency_ms, r.error, r.response FROM r
    ), settled AS (
      UPDATE webhook_deliveries d
         SET attempts = d.attempts + 1,
             retry_until = COALESCE(d.retry_until, ${now}::timestamptz + make_interval(secs => ${window})),
             status = CASE WHEN r.ok THEN 'succeeded'
                           WHEN ${now}::timestamptz >= COALESCE(d.retry_until, ${now}::timestamptz + make_interval(secs => ${window})) THEN 'failed'
                           ELSE 'pending' END,
             next_attempt_at = CASE WHEN r.ok THEN d.next_attempt_at ELSE ${now}::timestamptz + make_interval(secs => r.delay_ms / 1000.0) END,
             locked_until = NULL,
             -- a copy of its own only when what it sent is not the event's stored payload
             body = CASE WHEN d.body IS NOT NULL OR NOT r.fresh THEN d.body
                         WHEN r.body IS NULL AND r.history_id IN (SELECT history_id FROM stored) THEN NULL
                         WHEN EXISTS (SELECT 1 FROM webhook_payloads p WHERE p.history_id = r.history_id AND p.body = r.sent) THEN NULL
                         ELSE r.sent END
        FROM r
       WHERE d.id = r.id::bigint
    ), handed_back AS (
      UPDATE webhook_deliveries SET locked_until = NULL
       WHERE id = ANY (${handBack}::bigint[]) AND status = 'pending' AND attempts = 0
    ), recovered AS (
      UPDATE webhook_subscriptions SET failing_since = NULL WHERE id = ANY (${[...ok]}::uuid[]) AND failing_since IS NOT NULL
    )
    UPDATE webhook_subscriptions
       SET failing_since = COALESCE(failing_since, ${now}::timestamptz),
           enabled = CASE WHEN enabled AND COALESCE(failing_since, ${now}::timestamptz) <= ${now}::timestamptz - make_interval(secs => ${disableAfter}) THEN false ELSE enabled END,
           disabled_reason = CASE WHEN enabled AND COALESCE(failing_since, ${now}::timestamptz) <= ${now}::timestamptz - make_interval(secs => ${disableAfter})
             THEN 'Disabled at ' || to_char(${now}::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC: every delivery failed for 3 days (since '
                  || to_char(COALESCE(failing_since, ${now}::timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC).'
             ELSE disabled_reason END
     WHERE id = ANY (${failing}::uuid[])
    RETURNING id::text AS id, enabled`;
  return disabled.filter((d) => !d.enabled).map((d) => d.id);
}
