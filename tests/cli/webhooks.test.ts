// Issue 13 in mreg: `webhook create|ls|test|deliveries|redeliver|rotate|rm` against the server,
// which delivers to a receiver in this process.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startReceiver, type Receiver } from "../support/webhook-receiver";
import { freshConfig, mreg as run, ok as okRun } from "./run-mreg";

let rx: Receiver;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(async () => { await rx.close(); });

async function until(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not within 20 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("mreg webhook", () => {
  it("creates (secret printed once), lists, tests, shows deliveries, redelivers, rotates, removes", async () => {
    const config = freshConfig();
    await okRun(["login", "admin"], { config, env: { MREG_PASSWORD: inject("adminPassword") } });
    const ok = (args: string[]) => okRun(args, { config });

    const created = (await ok(["webhook", "create", rx.url, "--events", "model.created,alias.set", "--model", "cli-wh-*", "--json"])).json();
    expect(created.secret).toMatch(/^whsec_/);
    rx.secrets.push(created.secret);
    const id = created.webhook.id;
    const human = (await ok(["webhook", "ls"])).stdout;
    expect(human).toContain(id);
    expect(human).not.toContain(created.secret);

    expect((await ok(["webhook", "test", id])).stdout).toContain("Ping queued");
    await until(() => rx.received.some((r) => r.json?.type === "ping"), "ping");
    expect(rx.received[0].verified).toEqual([true]);

    const log = (await ok(["webhook", "deliveries", "--subscription", id, "--json"])).json();
    expect(log.deliveries[0]).toMatchObject({ eventType: "ping", status: "succeeded" });
    expect((await ok(["webhook", "deliveries", "--subscription", id])).stdout).toMatch(/ping\s+succeeded\s+1\s+200/);
    await ok(["webhook", "redeliver", log.deliveries[0].id]);
    await until(() => rx.received.length === 2, "redelivery");
    expect(rx.received[1].id).toBe(rx.received[0].id);

    expect((await ok(["webhook", "rotate", id])).stdout).toMatch(/Secret: whsec_/);

    const bad = await run(["webhook", "create", rx.url, "--events", "model.melted"], { config });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Unknown event type");

    expect((await ok(["webhook", "rm", id])).stdout).toContain("Deleted");
    expect((await ok(["webhook", "ls", "--json"])).json().some((w: { id: string }) => w.id === id)).toBe(false);
  });
});
