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
  deliveryId: bigint; subscriptionId: string; body: string; outcome: AttemptOutcome;
  /** The delivery's attempts before this one (from its claim). */
  attemptsBefore: number;
};

/**
 * Records attempts and what follows from each, in one statement however many there are
 * (the worker hands over whatever finished meanwhile; a statement is its own transaction,
 * so all of it is recorded or none): the log lines; each delivery succeeded, due again
 * after a backoff, or failed once its 24 h retry window (which starts at its first
 * attempt) is over; and each subscription's failing streak, which disables it after
 * 3 days; and the claimed rows handed back unattempted. `body` is kept from the first
 * attempt so every retry and redelivery sends the same bytes. Returns the subscriptions
 * disabled.
 */
export async function finishAttempts(opts: {
  attempts: FinishedAttempt[]; now: Date; random?: () => number;
  /** Claimed first attempts not made (the rest of a chain cut short): due again at once, for any instance. */
  handBack?: bigint[];
}): Promise<string[]> {
  const { now } = opts;
  const handBack = (opts.handBack ?? []).map(String);
  if (!opts.attempts.length && !handBack.length) return [];
  const rows = opts.attempts.map((a) => ({
    id: String(a.deliveryId), ok: a.outcome.ok, body: a.body,
    delay_ms: retryDelayMs(a.attemptsBefore + 1, opts.random),
    at: a.outcome.at.toISOString(), status_code: a.outcome.statusCode, latency_ms: a.outcome.latencyMs, error: a.outcome.error, response: a.outcome.response,
  }));
  const ok = new Set(opts.attempts.filter((a) => a.outcome.ok).map((a) => a.subscriptionId));
  const failing = [...new Set(opts.attempts.filter((a) => !a.outcome.ok).map((a) => a.subscriptionId))].filter((s) => !ok.has(s));
  const window = RETRY_WINDOW_MS / 1000;
  const disableAfter = DISABLE_AFTER_MS / 1000;
  const disabled = await backgroundDb().$queryRaw<{ id: string; enabled: boolean }[]>`
    WITH r AS MATERIALIZED (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(id text, ok boolean, body text, delay_ms int, at timestamptz, status_code int, latency_ms int, error text, response text)
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
             body = COALESCE(d.body, r.body)
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
