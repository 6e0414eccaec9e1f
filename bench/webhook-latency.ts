// Commit -> first attempt of webhook deliveries, read from the database after a run: the
// webhooks scenario's latency row and bench/edit-load.ts's breakdown share it.
import type pg from "pg";

export type FirstAttemptLatency = {
  /** Second of commit counted from `since` (by-second rows), or null for the whole set. */
  sec: number | null;
  n: number; p50: number; p95: number; max: number;
  /** First attempts per second over the span in which they were made. */
  rate: number;
};

/**
 * For each model.updated delivery, the time from its change's commit (the history row's
 * time) to its first attempt: of the changes to these models (one row, the whole set), or
 * of the changes since an instant (the whole set first, then one row per second of commit).
 */
export async function firstAttemptLatency(db: pg.Client, of: { objectKeys: string[] } | { since: Date }): Promise<FirstAttemptLatency[]> {
  const bySecond = "since" in of;
  const { rows } = await db.query(`
    SELECT ${bySecond ? "floor(extract(epoch FROM x.at - $1::timestamptz))::int" : "NULL::int"} AS sec, count(*)::int AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
           max(ms) AS max, count(*) / GREATEST(0.001, extract(epoch FROM max(first) - min(first))) AS rate
      FROM (SELECT h.at, extract(epoch FROM (min(a.at) - h.at)) * 1000 AS ms, min(a.at) AS first
              FROM webhook_deliveries d JOIN history_events h ON h.id = d.history_id JOIN webhook_attempts a ON a.delivery_id = d.id
             WHERE d.event_type = 'model.updated' AND ${bySecond ? "h.at >= $1::timestamptz" : "h.object_key = ANY ($1)"}
             GROUP BY d.id, h.at) x
     GROUP BY ${bySecond ? "ROLLUP (1)" : "()"} ORDER BY 1 NULLS FIRST`, [bySecond ? of.since : of.objectKeys]);
  return rows.map((r) => ({ sec: r.sec, n: r.n, p50: Number(r.p50), p95: Number(r.p95), max: Number(r.max), rate: Number(r.rate) }));
}
