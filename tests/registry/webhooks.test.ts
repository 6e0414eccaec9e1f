// Issue 13: webhooks. Real HTTP receivers verify every delivery with `standardwebhooks`;
// the delivery worker runs in this process with a clock the tests advance.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  archiveModel, createWebhook, deleteModel, deleteVersion, deleteWebhook, listDeliveries, listWebhooks, pingWebhook, redeliver,
  registerVersion, removeAlias, rotateWebhookSecret, setAlias, setWorkspaceRole, unarchiveModel, updateModel, updateVersion, updateWebhook,
  type Actor, type TRole,
} from "../../lib/registry";
import { write } from "../../lib/registry/write";
import { DeliveryWorker } from "../../lib/webhooks/delivery-worker";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

process.env.MREG_WEBHOOK_KEY = crypto.randomBytes(32).toString("base64");
process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "1";

const HOUR = 3600_000;
// Real time plus however far the tests have moved it on.
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
const advance = (ms: number) => { offset += ms; };
const worker = new DeliveryWorker({ clock, random: () => 1, timeoutMs: 2000 });
let rx: Receiver;
const created: string[] = [];

beforeAll(async () => { rx = await startReceiver(); });
afterAll(async () => {
  for (const id of created) await deleteWebhook({ actor: admin, id }).catch(() => {});
  await rx.close();
});

async function subscribe(input: Partial<Parameters<typeof createWebhook>[0]["input"]> = {}, to: Receiver = rx) {
  const r = await createWebhook({ actor: admin, input: { url: to.url, events: ["model.created"], ...input } });
  created.push(r.webhook.id);
  to.secrets.push(r.secret);
  return r;
}
async function receivedBy(id: string, from: Receiver = rx) {
  const { deliveries } = await listDeliveries({ actor: admin, query: { subscription: id, limit: 500 } });
  const ids = new Set(deliveries.map((d) => d.webhookId));
  return from.received.filter((r) => ids.has(r.id));
}
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));

async function userWith(role: TRole | null, workspace = "Uncategorized"): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  if (role) await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace, role } });
  return { userId: u.id, username: u.username, admin: false };
}

describe("events", () => {
  it("sends every event type of a model's life, in order, signed, with REST shapes", async () => {
    const prefix = uniq("ev");
    const all = ["model.created", "model.updated", "model.archived", "model.unarchived", "model.deleted", "version.registered",
      "version.updated", "version.deleted", "alias.set", "alias.moved", "alias.removed"] as const;
    const { webhook } = await subscribe({ events: [...all], modelFilter: `${prefix}-*` });
    // The worker sends each event soon after its change (as the running one does within ~200 ms);
    // model and version in a payload are read at that first send.
    const step = async <T>(change: Promise<T>) => { const v = await change; await worker.drain(); return v; };
    const m = await step(makeModel({ name: `${prefix}-m` }));
    await step(updateModel({ actor: admin, model: m.id, input: { description: "new words" } }));
    await step(archiveModel({ actor: admin, model: m.id }));
    await step(unarchiveModel({ actor: admin, model: m.id }));
    const cp = await makeCheckpoint();
    await step(registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid }));
    await step(registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid }));
    await step(updateVersion({ actor: admin, model: m.id, version: 1, input: { comment: "tuned" } }));
    await step(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } }));
    await step(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2 } }));
    await step(removeAlias({ actor: admin, model: m.id, alias: "staging" }));
    await step(deleteVersion({ actor: admin, model: m.id, version: 1 }));
    await step(deleteModel({ actor: admin, model: m.id }));
    const got = await receivedBy(webhook.id);
    expect(got.map((r) => r.json.type)).toEqual([
      "model.created", "model.updated", "model.archived", "model.unarchived", "version.registered", "version.registered",
      "version.updated", "alias.set", "alias.moved", "alias.removed", "version.deleted", "model.deleted",
    ]);
    for (const r of got) {
      expect(r.verified).toContain(true);
      expect(Object.keys(r.json)).toEqual(expect.arrayContaining(["id", "type", "timestamp", "actor", "model", "version", "changes"]));
      expect(r.json.actor.username).toBe("admin");
      expect(r.json.model.id).toBe(m.id);
    }
    expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
    const updated = got[1].json;
    expect(updated.changes).toEqual([{ field: "description", before: "", after: "new words" }]);
    expect(updated.model).toMatchObject({ name: `${prefix}-m`, workspaceId: m.workspaceId });
    expect(got[6].json.version).toMatchObject({ version: 1, comment: "tuned" });
    expect(got[7].json.changes[0]).toEqual({ field: "version", after: 1 });
    expect(got[11].json.model.name).toBe(`${prefix}-m`);
  });

  it("sends checkpoint.uploaded to a subscription without a model filter", async () => {
    const { webhook } = await subscribe({ events: ["checkpoint.uploaded"] });
    const cp = await makeCheckpoint();
    await worker.drain();
    const got = await receivedBy(webhook.id);
    const mine = got.filter((r) => r.json.checkpoint.uuid === cp.uuid);
    expect(mine).toHaveLength(1);
    expect(mine[0].json.type).toBe("checkpoint.uploaded");
    expect(mine[0].verified).toContain(true);
    await deleteWebhook({ actor: admin, id: webhook.id });
  });

  it("filters by model-name glob, alias and workspace", async () => {
    const p = uniq("fl");
    const byName = await subscribe({ events: ["model.created"], modelFilter: `${p}-fraud-*` });
    const byAlias = await subscribe({ events: ["alias.set"], modelFilter: `${p}-*`, aliasFilter: "champion" });
    const ws = await db().workspace.create({ data: { name: uniq("ws") } });
    const otherWs = await subscribe({ events: ["model.created"], workspace: ws.name, modelFilter: `${p}-*` });
    const m = await makeModel({ name: `${p}-fraud-1` });
    await makeModel({ name: `${p}-churn-1` });
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    await setAlias({ actor: admin, model: m.id, alias: "champion", input: { version: 1 } });
    await worker.drain();
    expect((await receivedBy(byName.webhook.id)).map((r) => r.json.model.name)).toEqual([`${p}-fraud-1`]);
    expect((await receivedBy(byAlias.webhook.id)).map((r) => r.json.type + ":" + r.json.version.version)).toEqual(["alias.set:1"]);
    expect((await receivedBy(byAlias.webhook.id))[0].json.changes).toEqual([{ field: "version", after: 1 }]);
    expect(await receivedBy(otherWs.webhook.id)).toEqual([]);
  });

  it("a change that rolls back emits nothing", async () => {
    const p = uniq("rb");
    const { webhook } = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    await expect(write({ actor: admin }, async ({ record }) => {
      record({ objectType: "MODEL", objectId: 1, objectKey: `${p}-x`, action: "CREATE", scope: { workspaceId: 1, modelName: `${p}-x` } });
      throw new Error("boom");
    })).rejects.toThrow("boom");
    const m = await makeModel({ name: `${p}-taken` });
    await expect(makeModel({ name: `${p}-taken` })).rejects.toMatchObject({ code: "ALREADY_EXISTS" });
    // Queued for the subscription: one outbox event (not yet fanned out to its delivery), none for the rolled-back change.
    expect(await db().webhookEvent.count({ where: { subscriptionIds: { has: webhook.id } } })).toBe(1);
    expect(await db().webhookDelivery.count({ where: { subscriptionId: webhook.id } })).toBe(0);
    await worker.drain();
    expect((await receivedBy(webhook.id)).map((r) => r.json.model.id)).toEqual([m.id]);
  });
});

describe("retries, failure and redelivery", () => {
  it("retries a receiver that fails 3 times, then succeeds; same webhook-id each time; every attempt logged", async () => {
    const r2 = await startReceiver();
    const p = uniq("rt");
    const { webhook } = await subscribe({ modelFilter: `${p}*` }, r2);
    r2.answer = (n) => (n <= 3 ? { status: 500, body: `down ${n}` } : { status: 204 });
    await makeModel({ name: `${p}-a` });
    await worker.drain();
    for (let i = 0; i < 3; i++) { advance(HOUR); await worker.drain(); }
    expect(r2.received).toHaveLength(4);
    expect(new Set(r2.received.map((r) => r.id)).size).toBe(1);
    expect(new Set(r2.received.map((r) => r.body)).size).toBe(1);
    expect(r2.received.every((r) => r.verified[0])).toBe(true);
    const [d] = (await listDeliveries({ actor: admin, query: { subscription: webhook.id } })).deliveries;
    expect(d.status).toBe("succeeded");
    expect(d.log.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
    expect(d.log[0].response).toBe("down 1");
    expect(d.log.every((a) => a.latencyMs >= 0)).toBe(true);
    await r2.close();
  });

  it("a receiver down for more than a day: retried with growing delays for 24 h, then failed; 3 days of failures disable the subscription", async () => {
    const r3 = await startReceiver();
    const url = r3.url;
    await r3.close(); // nothing listens: connection refused
    const p = uniq("dn");
    const { webhook } = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` }, { ...r3, url });
    const m = await makeModel({ name: `${p}-a` });
    const start = clock.now().getTime();
    let first: string | undefined;
    for (let h = 0; h < 80; h++) {
      await worker.drain();
      const { deliveries } = await listDeliveries({ actor: admin, query: { subscription: webhook.id, limit: 500 } });
      const d0 = deliveries[deliveries.length - 1];
      if (!first && d0.status === "failed") first = `${(clock.now().getTime() - start) / HOUR}`;
      if (h % 12 === 11) await updateModel({ actor: admin, model: m.id, input: { description: `at ${h}` } });
      advance(HOUR);
    }
    expect(Number(first)).toBeGreaterThanOrEqual(24);
    expect(Number(first)).toBeLessThan(26);
    const { deliveries } = await listDeliveries({ actor: admin, query: { subscription: webhook.id, limit: 500 } });
    const oldest = deliveries[deliveries.length - 1];
    const gaps = oldest.log.slice(1).map((a, i) => a.at.getTime() - oldest.log[i].at.getTime());
    expect(oldest.log.length).toBeGreaterThan(5);
    expect(gaps[1]).toBeGreaterThanOrEqual(0);
    expect(oldest.log.every((a) => a.statusCode === null && a.error)).toBe(true);
    const [sub] = (await listWebhooks({ actor: admin })).filter((w) => w.id === webhook.id);
    expect(sub.enabled).toBe(false);
    expect(sub.disabledReason).toMatch(/failed for 3 days/);
  });

  it("backoff grows exponentially with jitter, capped at an hour", async () => {
    const { retryDelayMs } = await import("../../lib/registry/webhooks/finish-attempt");
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 1))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(30, () => 1)).toBe(HOUR);
    expect(retryDelayMs(3, () => 0)).toBe(20_000);
  });

  it("redeliver sends the event again with the same webhook-id and body", async () => {
    const p = uniq("rd");
    const { webhook } = await subscribe({ modelFilter: `${p}*` });
    await makeModel({ name: `${p}-a` });
    await worker.drain();
    const [d] = (await listDeliveries({ actor: admin, query: { subscription: webhook.id } })).deliveries;
    await redeliver({ actor: admin, deliveryId: d.id, now: clock.now() });
    await worker.drain();
    const got = await receivedBy(webhook.id);
    expect(got).toHaveLength(2);
    expect(got[1].id).toBe(got[0].id);
    expect(got[1].body).toBe(got[0].body);
    expect((await listDeliveries({ actor: admin, query: { subscription: webhook.id } })).deliveries[0].log).toHaveLength(2);
  });

  it("test sends a ping", async () => {
    const { webhook } = await subscribe({ modelFilter: `${uniq("pg")}*` });
    const { webhookId } = await pingWebhook({ actor: admin, id: webhook.id, now: clock.now() });
    await worker.drain();
    const got = rx.received.filter((r) => r.id === webhookId);
    expect(got).toHaveLength(1);
    expect(got[0].json.type).toBe("ping");
    expect(got[0].verified).toContain(true);
  });

  it("a slow receiver does not hold up another subscription", async () => {
    const slow = await startReceiver();
    slow.answer = () => ({ status: 200, delayMs: 1500 });
    const p = uniq("sl");
    await subscribe({ modelFilter: `${p}*` }, slow);
    const fast = await subscribe({ modelFilter: `${p}*` });
    const w = new DeliveryWorker({ clock, perSubscription: 1, concurrency: 4 });
    for (let i = 0; i < 3; i++) await makeModel({ name: `${p}-${i}` });
    const started = Date.now();
    await w.pass();
    while ((await receivedBy(fast.webhook.id)).length < 3 && Date.now() - started < 5000) { await new Promise((r) => setTimeout(r, 20)); await w.pass(); }
    expect((await receivedBy(fast.webhook.id)).length).toBe(3);
    expect(slow.received.length).toBeLessThan(3);
    await w.drain();
    await slow.close();
  });
});

describe("outbox fan-out (decision 150)", () => {
  it("each event becomes one delivery per subscription it matched at commit, once, in event order, even with fan-outs racing", async () => {
    const p = uniq("fo");
    const a = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    const b = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    const gone = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    const m = await makeModel({ name: `${p}-m` });
    for (let i = 0; i < 5; i++) await updateModel({ actor: admin, model: m.id, input: { description: `d${i}` } });
    // Matched at commit: a subscription made after the changes gets none of them; one deleted
    // before the fan-out gets nothing (and does not stop the others'); one disabled keeps its own.
    const late = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    await deleteWebhook({ actor: admin, id: gone.webhook.id });
    await updateWebhook({ actor: admin, id: b.webhook.id, input: { enabled: false } });
    expect(await db().webhookEvent.count({ where: { subscriptionIds: { has: a.webhook.id } } })).toBe(6);
    // Several instances' workers at once: the advisory lock lets one fan out, the others do nothing.
    const { fanOutEvents } = await import("../../lib/registry/webhooks/fan-out-events");
    const made = await Promise.all(Array.from({ length: 4 }, () => fanOutEvents()));
    expect(made.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(12);
    while (await fanOutEvents()) { /* others' events, if any were left beyond the limit */ }
    expect(await db().webhookEvent.count({ where: { subscriptionIds: { has: a.webhook.id } } })).toBe(0);
    const rows = (id: string) => db().webhookDelivery.findMany({ where: { subscriptionId: id }, orderBy: { id: "asc" }, select: { historyId: true } });
    const ofA = (await rows(a.webhook.id)).map((d) => d.historyId!);
    expect(ofA).toHaveLength(6);
    expect([...ofA].sort((x, y) => (x < y ? -1 : 1))).toEqual(ofA); // delivery ids follow the events' order
    expect((await rows(b.webhook.id)).map((d) => d.historyId)).toEqual(ofA);
    expect(await rows(gone.webhook.id)).toEqual([]);
    expect(await rows(late.webhook.id)).toEqual([]);
    await worker.drain();
    expect((await receivedBy(a.webhook.id)).map((r) => r.json.type)).toEqual(["model.created", ...Array(5).fill("model.updated")]);
    expect(await receivedBy(b.webhook.id)).toEqual([]);
    await updateWebhook({ actor: admin, id: b.webhook.id, input: { enabled: true } });
    await worker.drain();
    expect((await receivedBy(b.webhook.id)).map((r) => r.json.changes.find((c: { field: string }) => c.field === "description")?.after ?? null))
      .toEqual(["", "d0", "d1", "d2", "d3", "d4"]);
  });
});

describe("payloads stored once, chains leased by their head (decision 190)", () => {
  it("an event's payload is stored once: every subscription, retry and redelivery sends those bytes, even from a worker that never built it", async () => {
    const flaky = await startReceiver();
    flaky.answer = (n) => (n === 1 ? { status: 503 } : { status: 200 });
    const p = uniq("pl");
    const a = await subscribe({ events: ["model.created"], modelFilter: `${p}*` });
    const b = await subscribe({ events: ["model.created"], modelFilter: `${p}*` }, flaky);
    const m = await makeModel({ name: `${p}-m`, description: "as created" });
    await worker.drain();
    const [first] = await receivedBy(a.webhook.id);
    expect(first.json.model.description).toBe("as created");
    const [d] = (await listDeliveries({ actor: admin, query: { subscription: b.webhook.id } })).deliveries;
    const stored = await db().webhookPayload.findUnique({ where: { historyId: BigInt(d.historyId!) } });
    expect(stored?.body).toBe(first.body);
    // No delivery row carries a copy of it.
    expect(await db().webhookDelivery.count({ where: { historyId: BigInt(d.historyId!), body: { not: null } } })).toBe(0);
    // The model changes; a worker with no payloads in memory (another instance, a restart)
    // sends the retry, and a redelivery, with the bytes first sent, not rebuilt ones.
    await updateModel({ actor: admin, model: m.id, input: { description: "changed later" } });
    const other = new DeliveryWorker({ clock, random: () => 1, timeoutMs: 2000 });
    advance(HOUR);
    await other.drain();
    await redeliver({ actor: admin, deliveryId: (await listDeliveries({ actor: admin, query: { subscription: a.webhook.id } })).deliveries[0].id, now: clock.now() });
    await other.drain();
    const toB = await receivedBy(b.webhook.id, flaky);
    expect(toB.map((r) => r.body)).toEqual([first.body, first.body]);
    expect((await receivedBy(a.webhook.id)).map((r) => r.body)).toEqual([first.body, first.body]);
    expect(toB.every((r) => r.verified[0])).toBe(true);
    await flaky.close();
  });

  it("a chain's head is leased, its followers are not, yet no other instance's claim reaches them until the lane is recorded", async () => {
    const { claimDueDeliveries } = await import("../../lib/registry/webhooks/claim-deliveries");
    const { finishAttempts } = await import("../../lib/registry/webhooks/finish-attempt");
    const { fanOutEvents } = await import("../../lib/registry/webhooks/fan-out-events");
    const p = uniq("ch");
    const { webhook } = await subscribe({ events: ["model.created", "model.updated"], modelFilter: `${p}*` });
    const m = await makeModel({ name: `${p}-m` });
    for (let i = 0; i < 3; i++) await updateModel({ actor: admin, model: m.id, input: { description: `d${i}` } });
    while (await fanOutEvents()) { /* every event into its deliveries */ }
    const now = clock.now();
    const mine = <T extends { subscriptionId: string }>(c: { claimed: T[] }) => c.claimed.filter((d) => d.subscriptionId === webhook.id);
    // Claim walks until it reaches this subscription's chain (other tests' rows may come first).
    let lane: Awaited<ReturnType<typeof claimDueDeliveries>>["claimed"] = [];
    for (let cursor = null as Awaited<ReturnType<typeof claimDueDeliveries>>["cursor"], i = 0; !lane.length && i < 50; i++) {
      const c = await claimDueDeliveries({ now, limit: 1024, leaseMs: 30_000, perSubscription: 16, chain: 16, cursor });
      lane = mine(c);
      cursor = c.cursor;
    }
    expect(lane).toHaveLength(4);
    const rows = await db().webhookDelivery.findMany({ where: { subscriptionId: webhook.id }, orderBy: { id: "asc" }, select: { id: true, lockedUntil: true } });
    expect(rows.map((r) => r.lockedUntil !== null)).toEqual([true, false, false, false]);
    // Another instance, at once and after every lease but this one's has run out: nothing of this chain.
    for (const at of [now, new Date(now.getTime() + 20_000)]) {
      for (let cursor = null as Awaited<ReturnType<typeof claimDueDeliveries>>["cursor"], i = 0; i < 50; i++) {
        const c = await claimDueDeliveries({ now: at, limit: 1024, leaseMs: 30_000, perSubscription: 16, chain: 16, cursor });
        expect(mine(c)).toEqual([]);
        if (!c.cursor) break;
        cursor = c.cursor;
      }
    }
    // The lane's first two attempts recorded (the second failed): the third is the head now, free for any instance.
    const outcome = (ok: boolean) => ({ at: now, ok, statusCode: ok ? 200 : 500, latencyMs: 1, error: null, response: "" });
    await finishAttempts({ now, attempts: lane.slice(0, 2).map((d, i) => ({ deliveryId: d.id, subscriptionId: d.subscriptionId, historyId: d.historyId, body: "{}", outcome: outcome(i === 0), attemptsBefore: 0 })) });
    let next: typeof lane = [];
    for (let cursor = null as Awaited<ReturnType<typeof claimDueDeliveries>>["cursor"], i = 0; !next.length && i < 50; i++) {
      const c = await claimDueDeliveries({ now, limit: 1024, leaseMs: 30_000, perSubscription: 16, chain: 16, cursor });
      next = mine(c);
      cursor = c.cursor;
    }
    expect(next.map((d) => d.id)).toEqual(lane.slice(2).map((d) => d.id));
    // Leave the rows to the shared worker, as a lease running out would.
    await db().webhookDelivery.updateMany({ where: { subscriptionId: webhook.id }, data: { lockedUntil: null } });
    await worker.drain();
  });
});

describe("secrets", () => {
  it("rotation: the new secret signs at once, the old one beside it for 24 h", async () => {
    const p = uniq("ro");
    const r4 = await startReceiver();
    const { webhook, secret: oldSecret } = await subscribe({ modelFilter: `${p}*` }, r4);
    const { secret: newSecret } = await rotateWebhookSecret({ actor: admin, id: webhook.id, now: clock.now() });
    r4.secrets = [oldSecret, newSecret];
    expect(newSecret).not.toBe(oldSecret);
    await makeModel({ name: `${p}-a` });
    await worker.drain();
    expect(r4.received[0].verified).toEqual([true, true]);
    advance(25 * HOUR);
    await makeModel({ name: `${p}-b` });
    await worker.drain();
    expect(r4.received[1].verified).toEqual([false, true]);
    await r4.close();
  });

  it("stores secrets encrypted: the database row holds no secret, and another key cannot open it", async () => {
    const { webhook, secret } = await subscribe({ modelFilter: `${uniq("enc")}*` });
    const row = await db().webhookSubscription.findUniqueOrThrow({ where: { id: webhook.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    const { openSecret } = await import("../../lib/registry/webhooks/secret-box");
    expect(openSecret(row.secretEnc)).toBe(secret);
    const key = process.env.MREG_WEBHOOK_KEY;
    process.env.MREG_WEBHOOK_KEY = crypto.randomBytes(32).toString("base64");
    try { expect(() => openSecret(row.secretEnc)).toThrow(); } finally { process.env.MREG_WEBHOOK_KEY = key; }
  });
});

describe("refusals", () => {
  const count = () => db().webhookSubscription.count();

  it("bad input is INVALID and creates nothing", async () => {
    const before = await count();
    for (const input of [
      { url: "not a url", events: ["model.created"] },
      { url: "ftp://example.com/x", events: ["model.created"] },
      { url: rx.url, events: ["model.exploded"] },
      { url: rx.url, events: [] },
      { url: rx.url, events: ["model.created"], modelFilter: "" },
      { url: rx.url, events: ["model.created"], aliasFilter: "  " },
    ]) {
      expect(await codeOf(createWebhook({ actor: admin, input: input as never })), JSON.stringify(input)).toBe("INVALID");
    }
    expect(await count()).toBe(before);
  });

  it("refuses loopback, private, link-local and metadata targets; metadata even when private ones are allowed", async () => {
    const before = await count();
    for (const url of ["http://169.254.169.254/latest/meta-data", "http://[fd00:ec2::254]/", "http://[::ffff:169.254.169.254]/"]) {
      expect(await codeOf(createWebhook({ actor: admin, input: { url, events: ["model.created"] } })), url).toBe("INVALID");
    }
    process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "0";
    process.env.MREG_WEBHOOK_ALLOW_HTTP = "1";
    try {
      for (const url of ["http://127.0.0.1:9/", "http://localhost/", "http://10.1.2.3/", "http://192.168.1.1/", "http://172.16.0.1/", "http://[::1]/", "http://169.254.1.1/", "http://[fe80::1]/"]) {
        const err = await createWebhook({ actor: admin, input: { url, events: ["model.created"] } }).catch((e) => e);
        expect(err.code, url).toBe("INVALID");
        expect(err.message).toMatch(/refused/);
      }
    } finally {
      process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "1";
      delete process.env.MREG_WEBHOOK_ALLOW_HTTP;
    }
    expect(await count()).toBe(before);
  });

  it("checks the target again at each attempt: a refused address is logged, never contacted", async () => {
    const p = uniq("ss");
    const r5 = await startReceiver();
    const { webhook } = await subscribe({ modelFilter: `${p}*` }, r5);
    await makeModel({ name: `${p}-a` });
    process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "0";
    process.env.MREG_WEBHOOK_ALLOW_HTTP = "1";
    try { await worker.drain(); } finally { process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "1"; delete process.env.MREG_WEBHOOK_ALLOW_HTTP; }
    expect(r5.received).toHaveLength(0);
    const [d] = (await listDeliveries({ actor: admin, query: { subscription: webhook.id } })).deliveries;
    expect(d.status).toBe("pending");
    expect(d.log[0].error).toMatch(/refused/);
    await r5.close();
  });

  it("permissions: workspace admins for their workspace, registry admins for all", async () => {
    const ws = await db().workspace.create({ data: { name: uniq("ws") } });
    const wsAdmin = await userWith("ADMIN", ws.name);
    const editor = await userWith("EDITOR", ws.name);
    const input = { url: rx.url, events: ["model.created" as const], workspace: ws.name };
    expect(await codeOf(createWebhook({ actor: editor, input }))).toBe("FORBIDDEN");
    expect(await codeOf(createWebhook({ actor: wsAdmin, input: { ...input, workspace: undefined } }))).toBe("FORBIDDEN");
    const { webhook } = await createWebhook({ actor: wsAdmin, input });
    created.push(webhook.id);
    expect((await listWebhooks({ actor: wsAdmin })).map((w) => w.id)).toEqual([webhook.id]);
    expect(await listWebhooks({ actor: editor })).toEqual([]);
    expect(await codeOf(updateWebhook({ actor: editor, id: webhook.id, input: { enabled: false } }))).toBe("FORBIDDEN");
    expect((await updateWebhook({ actor: wsAdmin, id: webhook.id, input: { enabled: false } })).enabled).toBe(false);
    expect(await codeOf(deleteWebhook({ actor: editor, id: webhook.id }))).toBe("FORBIDDEN");
  });
});

describe("who goes first when room is short (decisions 210, 211)", () => {
  it("a subscription's room goes to the model whose event waited longest, not to the first model in walk order", async () => {
    const { claimDueDeliveries } = await import("../../lib/registry/webhooks/claim-deliveries");
    const { fanOutEvents } = await import("../../lib/registry/webhooks/fan-out-events");
    const p = uniq("fair");
    const { webhook } = await subscribe({ events: ["model.updated"], modelFilter: `${p}*` });
    const first = await makeModel({ name: `${p}-a` }); // walked first: the lower model id
    const second = await makeModel({ name: `${p}-b` });
    await updateModel({ actor: admin, model: second.id, input: { description: "older event" } });
    await updateModel({ actor: admin, model: first.id, input: { description: "newer event" } });
    while (await fanOutEvents()) { /* every event into its deliveries */ }
    const { claimed } = await claimDueDeliveries({ now: clock.now(), limit: 1024, leaseMs: 30_000, perSubscription: 1, chain: 1 });
    const mine = claimed.filter((d) => d.subscriptionId === webhook.id);
    expect(mine.map((d) => d.modelId)).toEqual([second.id]);
    await worker.drain();
  });

  it("while the server is saturated with requests no new claim is made, for at most maxHoldMs at a time", async () => {
    const p = uniq("busy");
    const { webhook } = await subscribe({ modelFilter: `${p}*` });
    let busy = true;
    const gated = new DeliveryWorker({ clock, random: () => 1, timeoutMs: 2000, busy: () => busy, maxHoldMs: 1000 });
    await makeModel({ name: `${p}-1` });
    expect(await gated.pass()).toBe(0);
    advance(999);
    expect(await gated.pass()).toBe(0);
    expect(await receivedBy(webhook.id)).toHaveLength(0);
    // Held for maxHoldMs: one pass goes, then claims are held again.
    advance(2);
    expect(await gated.pass()).toBeGreaterThan(0);
    await makeModel({ name: `${p}-2` });
    expect(await gated.pass()).toBe(0);
    // The burst is over: claims go at once.
    busy = false;
    await gated.drain();
    expect((await receivedBy(webhook.id)).map((r) => r.json.model.name).sort()).toEqual([`${p}-1`, `${p}-2`]);
  });
});
