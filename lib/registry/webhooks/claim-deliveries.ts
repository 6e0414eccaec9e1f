import "server-only";
import { backgroundDb } from "../../db/client";

export type ClaimedDelivery = {
  id: bigint; subscriptionId: string; historyId: bigint | null; eventType: string; modelId: number | null; attempts: number;
  /** What earlier attempts of this event sent (its own, or the event's stored payload); null: the event was never sent. */
  body: string | null;
};

/** Where the next claim's walk over (subscription, model) pairs starts (inclusive); null: from the first pair. */
export type ClaimCursor = { subscriptionId: string; modelId: number } | null;

/** How many (subscription, model) pairs one claim looks at: bounds its cost whatever the backlog. */
export const WALK_PAIRS = 1024;

type Candidate = { id: string; s: string; a: number };
type Walked = { heads: (Candidate & { m: number; ready: boolean })[] | null; loose: Candidate[] | null };

/**
 * Claims due deliveries for this instance until `now + leaseMs`: up to `limit` chains
 * (a chain: up to `chain` consecutive first attempts of one model to one subscription, to
 * be sent one after another) or single rows, at most `perSubscription` per subscription
 * counting `inFlight` (this instance's).
 *
 * Order (decision 081): a delivery's first attempt is not started before every earlier
 * delivery of the same model to the same subscription has had its first attempt
 * completed. Such a chain's only candidate is its head, the smallest id among its pending
 * first attempts (index webhook_deliveries_first_idx), and only while that head is not in
 * flight. The claim finds heads by walking the pairs (a loose index scan: one index descent
 * per pair, WALK_PAIRS at most, resuming at `cursor` so every pair gets its turn) rather
 * than by testing every due row against the rows before it: that test cost the whole
 * backlog per claim, and a claim that found nothing claimable scanned it all
 * (decision 082). Retries, redeliveries and events of no model (pings, checkpoints) are
 * not held back by order and are taken by due time (webhook_deliveries_due_idx).
 *
 * Concurrency: the second statement locks the chosen rows with SKIP LOCKED and re-checks
 * each is still pending, unleased, due and at the attempt count it was chosen at, so
 * instances claiming at the same moment never wait for nor take each other's rows, and
 * a head that was attempted meanwhile is not taken again. The lease keeps a claimed row
 * out of every later claim until it expires; only an instance that dies mid-attempt lets
 * another send it again, with the same webhook-id: at-least-once.
 */
export async function claimDueDeliveries(opts: {
  now: Date; limit: number; leaseMs: number; perSubscription: number; inFlight?: ReadonlyMap<string, number>; cursor?: ClaimCursor;
  /** How many of a chain's first attempts one claim takes (from its head, in order); 1: the head only. */
  chain?: number;
}): Promise<{ claimed: ClaimedDelivery[]; cursor: ClaimCursor }> {
  const { now, limit, perSubscription } = opts;
  const inFlight = opts.inFlight ?? new Map<string, number>();
  if (limit <= 0) return { claimed: [], cursor: opts.cursor ?? null };
  const saturated = [...inFlight].filter(([, n]) => n >= perSubscription).map(([s]) => s);
  const from = opts.cursor ?? { subscriptionId: "00000000-0000-0000-0000-000000000000", modelId: -2147483648 };
  // One round trip, one JSON value: the walked heads (with whether each can go now) and the loose due rows.
  const [{ w }] = await backgroundDb().$queryRaw<{ w: Walked }[]>`
    WITH RECURSIVE walk AS (
      (SELECT d.subscription_id AS s, d.model_id AS m, d.id FROM webhook_deliveries d
        WHERE d.status = 'pending' AND d.attempts = 0 AND d.model_id IS NOT NULL
          AND (d.subscription_id, d.model_id) >= (${from.subscriptionId}::uuid, ${from.modelId}::int)
        ORDER BY d.subscription_id, d.model_id, d.id LIMIT 1)
      UNION ALL
      SELECT n.s, n.m, n.id FROM walk p
       -- a disabled or saturated subscription is left in one step: jump past all its models
       CROSS JOIN LATERAL (SELECT p.s = ANY (${saturated}::uuid[])
                                  OR NOT EXISTS (SELECT 1 FROM webhook_subscriptions x WHERE x.id = p.s AND x.enabled) AS skip) k
       CROSS JOIN LATERAL (
         SELECT d.subscription_id AS s, d.model_id AS m, d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.attempts = 0 AND d.model_id IS NOT NULL
            AND (d.subscription_id, d.model_id) > (p.s, CASE WHEN k.skip THEN 2147483647 ELSE p.m END)
          ORDER BY d.subscription_id, d.model_id, d.id LIMIT 1) n
    ), walked AS (SELECT * FROM walk LIMIT ${WALK_PAIRS})
    SELECT json_build_object(
      'heads', (SELECT json_agg(json_build_object('id', w.id::text, 's', w.s::text, 'm', w.m, 'a', d.attempts,
                                                  'ready', d.next_attempt_at <= ${now} AND (d.locked_until IS NULL OR d.locked_until <= ${now})
                                                           AND s.enabled AND NOT (w.s = ANY (${saturated}::uuid[])))
                                ORDER BY w.s, w.m)
                  FROM walked w JOIN webhook_deliveries d ON d.id = w.id JOIN webhook_subscriptions s ON s.id = w.s),
      'loose', (SELECT json_agg(json_build_object('id', l.id::text, 's', l.subscription_id::text, 'a', l.attempts))
                  FROM (SELECT d.id, d.subscription_id, d.attempts FROM webhook_deliveries d
                          JOIN webhook_subscriptions s ON s.id = d.subscription_id
                         WHERE d.status = 'pending' AND (d.attempts > 0 OR d.model_id IS NULL) AND d.next_attempt_at <= ${now}
                           AND (d.locked_until IS NULL OR d.locked_until <= ${now})
                           AND (s.enabled OR d.event_type = 'ping')
                           AND NOT (d.subscription_id = ANY (${saturated}::uuid[]))
                           -- a retry still waits for the first attempts recorded before it
                           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                                            WHERE p.status = 'pending' AND p.attempts = 0 AND p.model_id IS NOT NULL
                                              AND p.subscription_id = d.subscription_id AND p.model_id = d.model_id AND p.id < d.id)
                         ORDER BY d.next_attempt_at, d.id LIMIT ${limit}) l)) AS w`;

  // Loose rows first (they are due since a while), then heads, oldest event first; each subscription within its bound.
  const room = new Map<string, number>();
  const take: Candidate[] = [];
  let cursor: ClaimCursor = null;
  const fits = (c: Candidate) => {
    const left = room.get(c.s) ?? perSubscription - (inFlight.get(c.s) ?? 0);
    if (left <= 0) return false;
    room.set(c.s, left - 1);
    return true;
  };
  for (const c of w.loose ?? []) if (take.length < limit && fits(c)) take.push(c);
  const heads = w.heads ?? [];
  // The walked heads that can go, oldest event first: a subscription's room goes to the
  // models that have waited longest. (In walk order, the same first models of a busy
  // subscription took its room on every claim and its last models waited until the
  // changes stopped: p95 of 5.5 s from commit to first attempt at 200 changes/s.)
  const ready = heads.filter((h) => h.ready).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  for (const h of ready) {
    if (take.length >= limit) break;
    if (fits(h)) take.push(h);
  }
  // Out of room overall: the next claim starts its walk at the first ready pair (heads are
  // in walk order) this one left behind; a walk cut at WALK_PAIRS continues where it
  // stopped; a walk that reached the last pair starts over.
  const taken = new Set(take);
  const behind = take.length >= limit ? heads.find((h) => h.ready && !taken.has(h)) : undefined;
  const resume = behind ?? (heads.length >= WALK_PAIRS ? heads[heads.length - 1] : undefined);
  if (resume) cursor = { subscriptionId: resume.s, modelId: resume.m };
  if (!take.length) return { claimed: [], cursor };

  const until = new Date(now.getTime() + opts.leaseMs);
  // Only the rows taken are leased: heads and loose rows. A head brings the next first
  // attempts of its chain (up to `chain` in all) unleased (decision 190): no other claim can
  // reach them while the head is pending and leased (none is a head before it), and the
  // worker records a lane's attempts together, the head's with the rest, when the lane ends.
  // One lease update per chain instead of one per delivery. A follower some other instance
  // leased (one running code from before this rule) ends the chain before it.
  const rows = await backgroundDb().$queryRaw<{ id: bigint; subscription_id: string; history_id: bigint | null; event_type: string; model_id: number | null; attempts: number; body: string | null; head: string | null; busy: boolean }[]>`
    WITH taken AS (
      SELECT d2.id, d2.subscription_id, d2.model_id, d2.attempts FROM webhook_deliveries d2
        JOIN unnest(${take.map((c) => c.id)}::bigint[], ${take.map((c) => c.a)}::int[]) AS c(id, attempts) ON c.id = d2.id
       WHERE d2.status = 'pending' AND d2.attempts = c.attempts AND d2.next_attempt_at <= ${now}
         AND (d2.locked_until IS NULL OR d2.locked_until <= ${now})
       FOR UPDATE OF d2 SKIP LOCKED
    ), leased AS (
      UPDATE webhook_deliveries d SET locked_until = ${until}
        FROM taken t
       WHERE d.id = t.id
      RETURNING d.id, d.subscription_id, d.history_id, d.event_type, d.model_id, d.attempts, d.body
    ), followers AS (
      SELECT x.id, x.subscription_id, x.history_id, x.event_type, x.model_id, x.attempts, x.body, t.id AS head,
             x.locked_until IS NOT NULL AND x.locked_until > ${now} AS busy
        FROM taken t CROSS JOIN LATERAL (
        SELECT x.* FROM webhook_deliveries x
         WHERE x.status = 'pending' AND x.attempts = 0 AND x.model_id IS NOT NULL
           AND x.subscription_id = t.subscription_id AND x.model_id = t.model_id AND x.id > t.id
         ORDER BY x.subscription_id, x.model_id, x.id LIMIT ${Math.max(0, (opts.chain ?? 1) - 1)}) x
       WHERE t.attempts = 0 AND t.model_id IS NOT NULL
    )
    SELECT c.id, c.subscription_id::text AS subscription_id, c.history_id, c.event_type, c.model_id, c.attempts, c.head::text AS head, c.busy,
           -- the bytes sent before, to this or another subscription (decision 190); null: not sent yet
           COALESCE(c.body, (SELECT p.body FROM webhook_payloads p WHERE p.history_id = c.history_id)) AS body
      FROM (SELECT l.*, NULL::bigint AS head, false AS busy FROM leased l UNION ALL SELECT * FROM followers) c`;
  // A chain's followers count only while the head was leased here, up to the first one leased elsewhere.
  const leasedIds = new Set(rows.filter((r) => r.head === null).map((r) => String(r.id)));
  const cut = new Set<string>();
  const claimed = rows
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .filter((r) => {
      if (r.head === null) return true;
      if (!leasedIds.has(r.head) || cut.has(r.head)) return false;
      if (r.busy) { cut.add(r.head); return false; }
      return true;
    })
    .map((r) => ({ id: r.id, subscriptionId: r.subscription_id, historyId: r.history_id, eventType: r.event_type, modelId: r.model_id, attempts: r.attempts, body: r.body }));
  return { claimed, cursor };
}
