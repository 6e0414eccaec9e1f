// Issue 11, "mreg retries safely": every create carries a fresh Idempotency-Key, and
// an answer that may hide a success (503, a connection reset) is retried with the
// same key, so a create whose answer was lost is made once. A proxy between mreg and
// the real server lets the create through, then loses its answer.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { freshConfig, mreg, ok, tmpDir } from "./run-mreg";

type Seen = { method: string; path: string; key?: string; status: number | "reset" };
let proxy: http.Server;
let proxyUrl: string;
const seen: Seen[] = [];
/** How the next answers to creates (POST, PUT) are lost, in order: "503" or "reset"; then answers pass through. */
const lose: { method: "POST" | "PUT"; how: "503" | "reset" }[] = [];

beforeAll(async () => {
  const target = new URL(inject("baseUrl"));
  proxy = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on("data", (c: Buffer) => body.push(c));
        up.on("end", () => {
          const entry: Seen = { method: req.method!, path: req.url!, key: req.headers["idempotency-key"] as string | undefined, status: up.statusCode! };
          const i = req.url!.includes("/auth/") ? -1 : lose.findIndex((l) => l.method === req.method);
          const how = i < 0 ? undefined : lose.splice(i, 1)[0].how;
          // The server has answered (the create committed); the client never hears it.
          if (how === "reset") {
            seen.push({ ...entry, status: "reset" });
            return req.socket.destroy();
          }
          if (how === "503") {
            seen.push({ ...entry, status: 503 });
            res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
            return res.end(JSON.stringify({ error: { code: 14, reason: "Unavailable", error: "The database is unavailable right now; try again in a few seconds." } }));
          }
          seen.push(entry);
          res.writeHead(up.statusCode!, up.headers);
          res.end(Buffer.concat(body));
        });
      });
      upstream.on("error", () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => proxy.close(() => r())));

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;
const posts = (path: string) => seen.filter((s) => s.method === "POST" && s.path === path);

describe("mreg retries a create whose answer was lost", () => {
  it("a model create answered 503 after it committed is retried with the same key and made once", async () => {
    const config = freshConfig();
    const name = uniq("retried");
    lose.push({ method: "POST", how: "503" });
    const r = await ok(["model", "create", name, "--json"], { config, env: { MREG_MASTER: proxyUrl } });
    expect(r.json()).toMatchObject({ name });
    const tries = posts("/api/v1/models");
    expect(tries.map((t) => t.status)).toEqual([503, 200]);
    expect(tries[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(tries[1].key).toBe(tries[0].key);
    const listed = (await ok(["model", "list", "--name", name, "--json"], { config })).json();
    expect(listed.map((m: { name: string }) => m.name)).toEqual([name]);
  });

  it("a registration whose connection was reset after it committed, then answered 503, is made once", async () => {
    const config = freshConfig();
    const name = uniq("retried-v");
    await ok(["model", "create", name], { config });
    const uuid = crypto.randomUUID();
    const det = await fetch(`${inject("baseUrl")}/api/v1/auth/login`, { method: "POST", body: JSON.stringify({ username: "determined", password: "", isHashed: false }) });
    const token = (await det.json()).token as string;
    const reported = await fetch(`${inject("baseUrl")}/api/v1/checkpoints`, {
      method: "POST", headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ uuid, state: "STATE_COMPLETED", training: { experimentName: uniq("exp") }, metadata: {}, resources: {} }),
    });
    expect(reported.status).toBe(200);
    lose.push({ method: "POST", how: "reset" }, { method: "POST", how: "503" });
    const r = await ok(["model", "register-version", name, uuid, "--json"], { config, env: { MREG_MASTER: proxyUrl } });
    expect(r.json()).toMatchObject({ version: 1 });
    const tries = posts(`/api/v1/models/${name}/versions`);
    expect(tries.map((t) => t.status)).toEqual(["reset", 503, 200]);
    expect(new Set(tries.map((t) => t.key)).size).toBe(1);
    const versions = (await ok(["model", "list-versions", name, "--json"], { config })).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1]);
  });

  it("a checkpoint upload whose answer was lost is sent again with the same key and stored once", async () => {
    const config = freshConfig();
    const dir = tmpDir("ckpt");
    fs.writeFileSync(path.join(dir, "model.pt"), crypto.randomBytes(300_000));
    fs.writeFileSync(path.join(dir, "config.yaml"), "lr: 0.1\n");
    lose.push({ method: "POST", how: "503" }, { method: "PUT", how: "reset" });
    const r = await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp"), "--json"], { config, env: { MREG_MASTER: proxyUrl } });
    const { uuid } = r.json();
    const reports = posts("/api/v1/checkpoints").slice(-2);
    expect(reports.map((t) => t.status)).toEqual([503, 200]);
    const puts = seen.filter((s) => s.method === "PUT" && s.path === `/checkpoints/${uuid}`);
    expect(puts.map((t) => t.status)).toEqual(["reset", 200]);
    expect(puts[1].key).toBe(puts[0].key);
    const described = (await ok(["checkpoint", "describe", uuid, "--json"], { config })).json();
    expect(described).toMatchObject({ uuid, state: "STATE_COMPLETED", resources: { "model.pt": "300000", "config.yaml": "8" } });
  });

  it("an answer that hides no success (409) is not retried, and two creates get two keys", async () => {
    const config = freshConfig();
    const name = uniq("once");
    await ok(["model", "create", name], { config, env: { MREG_MASTER: proxyUrl } });
    const dup = await mreg(["model", "create", name], { config, env: { MREG_MASTER: proxyUrl } });
    expect([dup.code, dup.stderr.trim()]).toEqual([1, `error: A model named "${name}" already exists.`]);
    const tries = posts("/api/v1/models").slice(-2);
    expect(tries.map((t) => t.status)).toEqual([200, 409]);
    expect(tries[0].key).not.toBe(tries[1].key);
  });
});
