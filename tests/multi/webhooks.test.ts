// Issue 13 across production instances: two instances on one database deliver every
// event exactly once per subscription; and an instance killed (SIGKILL) again and again
// while 16 clients make changes loses no committed event and invents none.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, startStack, useStackDatabase, type Stack } from "../support/stack";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

let stack: Stack;
let token: string;
let rx: Receiver;
beforeAll(async () => {
  stack = await startStack({ instances: 2 });
  token = await stack.login();
  await useStackDatabase(stack);
  rx = await startReceiver();
}, 300_000);
afterAll(async () => {
  await rx?.close();
  const { db } = await import("../../lib/db/client");
  await db().$disconnect();
  await stack?.close();
});

async function subscribe(prefix: string) {
  const r = await client(stack.baseUrl, token)("POST", "/api/v1/webhooks", { url: rx.url, events: ["model.created", "model.updated"], modelFilter: `${prefix}-*` });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  rx.secrets.push(r.body.secret);
  return r.body.webhook.id as string;
}

/** Receipts for a subscription: the receiver verifies each with that subscription's secret. */
const bySubscription = (secretIndex: number) => rx.received.filter((r) => r.verified[secretIndex]);

describe("two instances", () => {
  it("deliver 2,000 changes exactly once per subscription", async () => {
    const p = uniq("two");
    rx.received.length = 0;
    rx.secrets.length = 0;
    await subscribe(p);
    await subscribe(p);
    const [a, b] = stack.instances;
    // 1,000 models created and each updated once, half through each instance, 16 at a time.
    const jobs = Array.from({ length: 1000 }, (_, i) => i);
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < jobs.length) {
        const i = next++;
        const on = client((i % 2 ? a : b).baseUrl, token);
        const name = `${p}-${i}`;
        const made = await on("POST", "/api/v1/models", { name });
        expect(made.status).toBe(200);
        const edited = await on("PATCH", `/api/v1/models/${name}`, { description: "changed" });
        expect(edited.status).toBe(200);
      }
    }));
    await until(() => bySubscription(0).length >= 2000 && bySubscription(1).length >= 2000, 180_000, "4,000 deliveries");
    await sleep(2000); // time for a duplicate to show up, if there were one
    for (const s of [0, 1]) {
      const got = bySubscription(s);
      expect(got).toHaveLength(2000);
      expect(new Set(got.map((r) => r.id)).size).toBe(2000);
      expect(new Set(got.map((r) => r.json.id)).size).toBe(2000);
      expect(got.filter((r) => r.json.type === "model.created")).toHaveLength(1000);
    }
    const { db } = await import("../../lib/db/client");
    const attempts = await db().webhookAttempt.count({ where: { delivery: { subscription: { modelFilter: `${p}-*` } } } });
    expect(attempts).toBe(4000);
  }, 400_000);
});

describe("crashes", () => {
  it("kill -9 in a loop while 16 clients change things: every committed change delivered, duplicates share a webhook-id, nothing invented", async () => {
    const p = uniq("crash");
    rx.received.length = 0;
    rx.secrets.length = 0;
    await subscribe(p);
    const server = stack.instances[0];
    await stack.instances[1].stop(); // one instance, so every kill hits the only sender
    const committed = new Set<string>();
    const attempted = new Set<string>();
    let stop = false;
    let n = 0;
    const clients = Array.from({ length: 16 }, async () => {
      while (!stop) {
        const name = `${p}-${n++}`;
        attempted.add(name);
        const r = await client(server.baseUrl, token)("POST", "/api/v1/models", { name }).catch(() => null);
        if (r?.status === 200) committed.add(name);
        else await sleep(100);
      }
    });
    for (let round = 0; round < 3; round++) {
      await sleep(1500 + Math.random() * 1000);
      server.kill();
      await sleep(200);
      await server.start();
    }
    await sleep(1000);
    stop = true;
    await Promise.all(clients);
    expect(committed.size).toBeGreaterThan(50);

    // What the database holds is what committed (acknowledged or not): all of it must arrive.
    const { db } = await import("../../lib/db/client");
    const inDb = new Set((await db().model.findMany({ where: { name: { startsWith: `${p}-` } }, select: { name: true } })).map((m) => m.name));
    for (const name of committed) expect(inDb.has(name), name).toBe(true);
    await until(async () => (await db().webhookEvent.count()) === 0
      && (await db().webhookDelivery.count({ where: { status: "pending", subscription: { modelFilter: `${p}-*` } } })) === 0, 120_000, "outbox drained");
    const got = rx.received.filter((r) => r.json?.model?.name?.startsWith(`${p}-`));
    const names = new Set(got.map((r) => r.json.model.name as string));
    for (const name of inDb) expect(names.has(name), `${name} committed but never delivered`).toBe(true);
    for (const name of names) expect(inDb.has(name), `${name} delivered but never committed`).toBe(true);
    // A repeated delivery (an attempt cut off by a kill) is the same message: same webhook-id, same body.
    const idsByEvent = new Map<string, Set<string>>();
    for (const r of got) idsByEvent.set(r.json.id, (idsByEvent.get(r.json.id) ?? new Set()).add(r.id));
    for (const [event, ids] of idsByEvent) expect(ids.size, event).toBe(1);
    expect(got.every((r) => r.verified[0])).toBe(true);
    await stack.instances[1].start();
  }, 400_000);
});
