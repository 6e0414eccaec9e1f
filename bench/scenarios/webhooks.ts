// Issue 13: what webhooks cost the changes that emit them, and how soon an event goes out.
// A receiver in this process answers 200 at once; the server's own delivery worker sends.
// 1. Registration throughput (64 clients, 1,000 versions on a fresh model per run) with
//    no subscription active and with 10 subscriptions to version.registered, interleaved
//    A, B, B, A (the subscriptions are disabled for the A runs; each run starts from an
//    empty outbox): the drop, from the summed rates, must be < 10 %.
// 2. 200 model edits per second for 10 s, spread over 50 models, with 10 subscriptions:
//    every edit accepted, and p95 from the change's commit (its history time) to the first
//    attempt of each delivery < 1 s. (One model's deliveries to one subscription go one at
//    a time, in order: decision 081; a registry's 200 changes/s are spread over models.)
//    The edits are sent open loop on enough connections that none waits for a free one;
//    the rate reported is the one actually sent (from each request's start), with how
//    late the latest start was, and the machine's load average over the measurement.
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import pg from "pg";
import { Client } from "../http";
import type { Result } from "../report";
import { seededCheckpoint } from "./register";
import { SCALE } from "../seed";
import { firstAttemptLatency } from "../webhook-latency";

const SUBSCRIPTIONS = 10;

async function register(client: Client, model: string, total: number, clients: number): Promise<{ rate: number; errors: number }> {
  let next = 0;
  let errors = 0;
  const path = `/api/v1/models/${encodeURIComponent(model)}/versions`;
  const t = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      const i = next++;
      const r = await client.request("POST", path, { checkpointUuid: seededCheckpoint(1 + (i % SCALE.checkpoints)) }).catch(() => null);
      if (r?.status !== 200) errors++;
    }
  }));
  return { rate: total / ((performance.now() - t) / 1000), errors };
}

/**
 * Waits until no delivery is pending and no committed event waits to be fanned out to its
 * subscriptions (decision 150's webhook_events; absent before it), at most `limitMs`;
 * returns how long that took.
 */
async function drainOutbox(db: pg.Client, limitMs: number): Promise<number> {
  const t = performance.now();
  const { rows: [{ events }] } = await db.query(`SELECT to_regclass('webhook_events') IS NOT NULL AS events`);
  for (;;) {
    const { rows: [p] } = await db.query(`SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending')${events ? " + (SELECT count(*) FROM webhook_events)" : ""} AS n`);
    if (Number(p.n) === 0 || performance.now() - t > limitMs) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function measureWebhooks(opts: { port: number; token: string; databaseUrl: string; log: (l: string) => void }): Promise<Result[]> {
  // Counts messages by webhook-id: a repeated id would be a delivery made twice.
  let received = 0;
  const ids = new Set<string>();
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => { received++; ids.add(String(req.headers["webhook-id"])); res.end("ok"); });
  });
  await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const client = new Client(opts.port, 64);
  client.token = opts.token;
  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    const stamp = Date.now().toString(36);
    const models = ["warm", "base1", "hooked1", "base2", "hooked2"].map((k) => `bench-webhooks-${k}-${stamp}`);
    const edited = Array.from({ length: 50 }, (_, i) => `bench-webhooks-e${i}-${stamp}`);
    for (const name of [...models, ...edited]) await client.json("POST", "/api/v1/models", { name });

    // A server fresh from start-up registers slower (JIT, caches): warm it first, so both runs compare like with like.
    await register(client, models[0], 500, 64);
    const hooks: string[] = [];
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const r = await client.json<{ webhook: { id: string } }>("POST", "/api/v1/webhooks", { url, events: ["version.registered", "model.updated"], modelFilter: `bench-webhooks-*-${stamp}`, enabled: false });
      hooks.push(r.webhook.id);
    }
    const setEnabled = async (enabled: boolean) => { for (const id of hooks) await client.json("PATCH", `/api/v1/webhooks/${id}`, { enabled }); };
    // A, B, B, A: a server still warming up (each run was faster than the one before it,
    // 830 -> 1,070 -> 1,520 -> 1,550/s, A, B, A, B) or a machine whose load drifts moves
    // both sums alike when the order is symmetric; A, B, A, B favoured B.
    const runs: { hooked: boolean; rate: number; errors: number; load: number; drainedMs: number }[] = [];
    for (let i = 1; i <= 4; i++) {
      const hooked = i === 2 || i === 3;
      await setEnabled(hooked);
      const load = os.loadavg()[0];
      const r = await register(client, models[i], 1000, 64);
      const drainedMs = hooked ? await drainOutbox(db, 120_000) : 0;
      runs.push({ hooked, ...r, load, drainedMs });
      opts.log(`webhooks | registration ${hooked ? `with ${SUBSCRIPTIONS} subscriptions` : "without"}: ${r.rate.toFixed(0)}/s${hooked ? `; deliveries drained ${(drainedMs / 1000).toFixed(1)} s after` : ""} (load ${load.toFixed(1)})`);
    }
    const sum = (hooked: boolean) => runs.filter((r) => r.hooked === hooked).reduce((a, r) => a + r.rate, 0) / 2;
    const base = { rate: sum(false), errors: runs.filter((r) => !r.hooked).reduce((a, r) => a + r.errors, 0) };
    const hooked = { rate: sum(true), errors: runs.filter((r) => r.hooked).reduce((a, r) => a + r.errors, 0) };
    const drop = 1 - hooked.rate / base.rate;
    const drained = Math.max(...runs.map((r) => r.drainedMs));
    const perRun = runs.map((r) => `${r.hooked ? "B" : "A"} ${r.rate.toFixed(0)}`).join(", ");
    opts.log(`webhooks | registration ${base.rate.toFixed(0)}/s without, ${hooked.rate.toFixed(0)}/s with ${SUBSCRIPTIONS} subscriptions (${(drop * 100).toFixed(1)} % drop; runs ${perRun})`);

    // Every subscription active for the edits, from an empty outbox (the B runs drained theirs).
    await setEnabled(true);

    // 200 edits/s, open loop: each edit starts on schedule whether or not earlier ones finished,
    // on a connection of its own if need be (512 sockets: the client never queues an edit).
    const edits = 2000;
    const editor = new Client(opts.port, 512);
    editor.token = opts.token;
    const load0 = os.loadavg()[0];
    const t0 = performance.now();
    let failed = 0;
    const failures = new Map<string, number>();
    let lastStart = 0;
    let maxLate = 0;
    await Promise.all(Array.from({ length: edits }, async (_, i) => {
      const wait = t0 + i * 5 - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const started = performance.now();
      lastStart = Math.max(lastStart, started);
      maxLate = Math.max(maxLate, started - (t0 + i * 5));
      const r = await editor.request("PATCH", `/api/v1/models/${encodeURIComponent(edited[i % edited.length])}`, { description: `edit ${i}` })
        .catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }));
      if (r.status !== 200) {
        failed++;
        const why = `${r.status} ${r.body.toString().slice(0, 120)}`;
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    }));
    if (failures.size) opts.log(`webhooks | failed edits: ${[...failures].slice(0, 3).map(([why, n]) => `${n} x ${why}`).join("; ")}`);
    const answeredIn = (performance.now() - t0) / 1000;
    editor.close();
    // The rate offered: edits over the span in which they were sent (the schedule spans 9.995 s).
    const offered = (edits - 1) / ((lastStart - t0) / 1000);
    const completed = edits / answeredIn;
    // Wait for the outbox to drain (bounded), then read commit -> first attempt from the database.
    await drainOutbox(db, 180_000);
    const load = Math.max(load0, os.loadavg()[0]);
    const [lat] = await firstAttemptLatency(db, { objectKeys: edited });
    const expected = (edits - failed) * SUBSCRIPTIONS;
    const rate = lat.rate;
    const seen = `receiver saw ${received} requests, ${ids.size} distinct webhook-ids (both phases: 2 x 1,000 registrations and ${edits} edits, x ${SUBSCRIPTIONS})`;
    opts.log(`webhooks | ${offered.toFixed(0)} edits/s offered (latest start ${maxLate.toFixed(0)} ms late; answered at ${completed.toFixed(0)}/s), ${failed} failed; ${lat.n}/${expected} deliveries at ${rate.toFixed(0)}/s; commit -> first attempt p50 ${lat.p50.toFixed(0)} ms, p95 ${lat.p95.toFixed(0)} ms, max ${lat.max.toFixed(0)} ms; ${seen}; load average ${load.toFixed(1)}`);
    return [
      {
        group: "webhooks", name: `registration throughput, ${SUBSCRIPTIONS} subscriptions vs none (64 clients x 1,000 versions)`,
        target: "< 10 % drop", measured: `${base.rate.toFixed(0)} -> ${hooked.rate.toFixed(0)} versions/s (${(drop * 100).toFixed(1)} % drop; A/B runs ${perRun}; load ${runs.map((r) => r.load.toFixed(1)).join(", ")}), ${base.errors + hooked.errors} errors; each B run's ${SUBSCRIPTIONS * 1000} deliveries all sent within ${(drained / 1000).toFixed(1)} s after its last registration`,
        pass: drop < 0.1 && base.errors + hooked.errors === 0, data: { runs, base, hooked, drop, drainedMs: drained },
      },
      {
        group: "webhooks", name: `commit -> first attempt, ${offered.toFixed(0)} changes/s (50 models) x ${SUBSCRIPTIONS} subscriptions`,
        target: "p95 < 1 s, every delivery attempted", measured: `p50 ${lat.p50.toFixed(0)} ms, p95 ${lat.p95.toFixed(0)} ms; ${lat.n}/${expected} attempted at ${rate.toFixed(0)}/s; ${failed} of ${edits} edits refused (answered at ${completed.toFixed(0)}/s); ${ids.size}/${received} distinct webhook-ids; load average ${load.toFixed(1)}`,
        pass: lat.p95 < 1000 && lat.n === expected && failed === 0, data: { ...lat, expected, offered, completed, maxLateMs: maxLate, failed, received, distinctIds: ids.size, loadAverage: load },
      },
    ];
  } finally {
    await db.query(`DELETE FROM webhook_subscriptions WHERE model_filter LIKE 'bench-webhooks-%'`).catch(() => {});
    await db.end();
    client.close();
    await new Promise((r) => { receiver.closeAllConnections(); receiver.close(r); });
  }
}
