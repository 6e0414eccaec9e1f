// Issue 13 over HTTP: /api/v1/webhooks against the production server, whose own
// delivery worker sends to a receiver in this process (verifying with standardwebhooks).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { adminLogin, call, uniq } from "./client";

let token: string;
let rx: Receiver;
beforeAll(async () => { token = await adminLogin(); rx = await startReceiver(); });
afterAll(async () => { await rx.close(); });

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within 20 s (${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("/api/v1/webhooks", () => {
  it("create (secret once), receive a signed event, see it in the log, redeliver, rotate, test, delete", async () => {
    const p = uniq("rw");
    const created = await call("POST", "/api/v1/webhooks", { token, body: { url: rx.url, events: ["model.created", "model.updated"], modelFilter: `${p}-*`, description: "CI" } });
    expect(created.status, created.text).toBe(200);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.webhook.id;
    rx.secrets.push(created.json.secret);
    expect((await call("GET", `/api/v1/webhooks/${id}`, { token })).json.webhook).not.toHaveProperty("secret");
    expect((await call("GET", "/api/v1/webhooks", { token })).text).not.toContain(created.json.secret);

    expect((await call("POST", "/api/v1/models", { token, body: { name: `${p}-a` } })).status).toBe(200);
    const [first] = await until(async () => rx.received.filter((r) => r.json?.model?.name === `${p}-a`), (l) => l.length === 1, "delivery");
    expect(first.verified).toEqual([true]);
    expect(first.json).toMatchObject({ type: "model.created", actor: { username: "admin" }, model: { name: `${p}-a` } });

    const log = await until(() => call("GET", `/api/v1/webhooks/deliveries?subscription=${id}&status=succeeded`, { token }), (r) => r.json.total === 1, "log");
    const d = log.json.deliveries[0];
    expect(d).toMatchObject({ webhookId: first.id, eventType: "model.created", status: "succeeded", attempts: 1 });
    expect(d.log[0]).toMatchObject({ statusCode: 200, response: "ok" });
    expect((await call("GET", `/api/v1/webhooks/deliveries?subscription=${id}&event=model.updated`, { token })).json.total).toBe(0);

    expect((await call("POST", `/api/v1/webhooks/deliveries/${d.id}/redeliver`, { token })).status).toBe(200);
    await until(async () => rx.received.filter((r) => r.id === first.id), (l) => l.length === 2, "redelivery");

    const rotated = await call("POST", `/api/v1/webhooks/${id}/rotate-secret`, { token });
    expect(rotated.status).toBe(200);
    rx.secrets.push(rotated.json.secret);
    const ping = await call("POST", `/api/v1/webhooks/${id}/test`, { token });
    expect(ping.status).toBe(200);
    const [pinged] = await until(async () => rx.received.filter((r) => r.id === ping.json.webhookId), (l) => l.length === 1, "ping");
    expect(pinged.json.type).toBe("ping");
    expect(pinged.verified).toEqual([true, true]);

    const off = await call("PATCH", `/api/v1/webhooks/${id}`, { token, body: { enabled: false, modelFilter: null } });
    expect(off.json.webhook).toMatchObject({ enabled: false, modelFilter: null });
    expect((await call("DELETE", `/api/v1/webhooks/${id}`, { token })).status).toBe(200);
    expect((await call("GET", `/api/v1/webhooks/${id}`, { token })).status).toBe(404);
  });

  it("bad input is 400 and creates nothing", async () => {
    const before = (await call("GET", "/api/v1/webhooks", { token })).json.webhooks.length;
    for (const body of [
      { url: "nope", events: ["model.created"] },
      { url: rx.url, events: ["model.melted"] },
      { url: rx.url, events: [] },
      { url: rx.url, events: ["model.created"], modelFilter: "" },
      { url: "http://169.254.169.254/latest", events: ["model.created"] },
      { url: rx.url, events: ["model.created"], surprise: 1 },
    ]) {
      const r = await call("POST", "/api/v1/webhooks", { token, body });
      expect(r.status, `${JSON.stringify(body)} -> ${r.text}`).toBe(400);
      expect(r.json.error.error.length).toBeGreaterThan(0);
    }
    expect((await call("GET", "/api/v1/webhooks/deliveries?status=exploded", { token })).status).toBe(400);
    expect((await call("GET", "/api/v1/webhooks", { token })).json.webhooks.length).toBe(before);
  });

  it("needs a signed-in user; unknown ids are 404", async () => {
    expect((await call("GET", "/api/v1/webhooks")).status).toBe(401);
    expect((await call("GET", "/api/v1/webhooks/00000000-0000-0000-0000-000000000000", { token })).status).toBe(404);
    expect((await call("POST", "/api/v1/webhooks/deliveries/999999999/redeliver", { token })).status).toBe(404);
  });
});
