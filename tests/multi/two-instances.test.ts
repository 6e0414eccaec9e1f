// Two production instances (exactly what `npm start` runs) on one PostgreSQL and one
// checkpoint storage folder, as behind a load balancer (issue 11, docs/deploy.md).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, startStack, useStackDatabase, type Instance, type Stack } from "../support/stack";

let stack: Stack;
let a: Instance;
let b: Instance;
let token: string;
const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  stack = await startStack({ instances: 2 });
  [a, b] = stack.instances;
  token = await stack.login();
  await useStackDatabase(stack);
}, 300_000);
afterAll(async () => {
  const { db } = await import("../../lib/db/client");
  await db().$disconnect();
  await stack?.close();
});

const on = (i: Instance, t = token) => client(i.baseUrl, t);

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}

async function newModel(i = a) {
  const name = uniq("mi");
  const res = await on(i)("POST", "/api/v1/models", { name });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return name;
}

async function newCheckpoint(state = "STATE_COMPLETED", i = a) {
  const uuid = crypto.randomUUID();
  const res = await on(i)("POST", "/api/v1/checkpoints", { uuid, state, training: { experimentName: uniq("exp") }, metadata: {}, resources: {} });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return uuid;
}

async function archiveOf(files: Record<string, Buffer>): Promise<Buffer> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-multi-"));
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(src, name)), { recursive: true });
    fs.writeFileSync(path.join(src, name), data);
  }
  const chunks: Buffer[] = [];
  for await (const c of tar.c({ gzip: true, cwd: src }, Object.keys(files)) as unknown as AsyncIterable<Buffer>) chunks.push(Buffer.from(c));
  fs.rmSync(src, { recursive: true, force: true });
  return Buffer.concat(chunks);
}

/** Starts a PUT of `archive` to `i`, sending the first half now; `finish()` sends the rest and resolves to the status. */
function startUpload(i: Instance, uuid: string, archive: Buffer) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start(c) { controller = c; c.enqueue(archive.subarray(0, archive.length >> 1)); } });
  const response = fetch(`${i.baseUrl}/checkpoints/${uuid}`, {
    method: "PUT", body, duplex: "half", headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" },
  } as RequestInit).then(async (r) => ({ status: r.status, text: await r.text() }), (e) => ({ status: -1, text: String(e) }));
  return {
    response,
    finish: () => {
      controller.enqueue(archive.subarray(archive.length >> 1));
      controller.close();
      return response;
    },
  };
}

/** The upload folders under <storage>/.tmp holding an upload of `uuid`. */
const uploadsOf = (uuid: string) => {
  const tmp = path.join(stack.storageDir, ".tmp");
  return fs.existsSync(tmp) ? fs.readdirSync(tmp, { recursive: true }).map(String).filter((f) => f.includes(uuid)) : [];
};

describe("two instances, one database, shared storage", () => {
  it("checkpoints stored before digests get them from the start-up backfill, shared by both instances, each hashed once", async () => {
    const { db } = await import("../../lib/db/client");
    const sha = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
    const made: { uuid: string; files: Record<string, Buffer> }[] = [];
    for (let n = 0; n < 6; n++) {
      const uuid = await newCheckpoint("STATE_ACTIVE");
      const files = { "weights.bin": crypto.randomBytes(1 << 20), [`cfg/${n}.json`]: Buffer.from(`{"n":${n}}`) };
      const res = await fetch(`${a.baseUrl}/checkpoints/${uuid}`, { method: "PUT", body: new Uint8Array(await archiveOf(files)), headers: { authorization: `Bearer ${token}`, "content-type": "application/gzip" } });
      expect(res.status, await res.text()).toBe(200);
      made.push({ uuid, files });
    }
    // As they were before digests existed.
    const uuids = made.map((m) => m.uuid);
    await db().$executeRaw`UPDATE checkpoints SET file_digests = NULL, manifest_digest = NULL, verified_at = NULL, digests_claimed_until = NULL WHERE uuid::text = ANY(${uuids})`;
    const eventsBefore = await db().historyEvent.count({ where: { objectId: { in: uuids }, action: "UPDATE" } });

    await Promise.all([a.stop(), b.stop()]);
    await Promise.all([a.start(), b.start()]); // both run the backfill at once
    await until(async () => (await db().checkpoint.count({ where: { uuid: { in: uuids }, manifestDigest: { not: null } } })) === uuids.length, 60_000, "digests for every checkpoint");
    for (const { uuid, files } of made) {
      const cp = (await on(b)("GET", `/api/v1/checkpoints/${uuid}`)).body.checkpoint;
      expect(cp.files).toEqual(Object.keys(files).sort().map((p) => ({ path: p, size: String(files[p].length), sha256: sha(files[p]) })));
    }
    // One recorded digest per checkpoint: the instances did not both write one.
    expect(await db().historyEvent.count({ where: { objectId: { in: uuids }, action: "UPDATE" } })).toBe(eventsBefore + uuids.length);
    expect(stack.logs()).toMatch(/digest backfill done: \d+ hashed/);
  }, 180_000);

  it("each instance listens for token revocations on a connection of its own and reports itself healthy", async () => {
    const { db } = await import("../../lib/db/client");
    const listeners = async () => (await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'mreg-token-listener'`)[0].n;
    await until(async () => (await listeners()) >= 2, 10_000, "a listener per instance");
    for (const i of [a, b]) {
      const health = await fetch(`${i.baseUrl}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", database: "ok", storage: "ok" });
    }
  });

  it("an upload in flight on one instance survives the other instance's stop and start", async () => {
    const uuid = await newCheckpoint("STATE_ACTIVE");
    const files = { "weights.bin": crypto.randomBytes(6 << 20), "config/params.json": Buffer.from('{"lr":0.01}') };
    const upload = startUpload(a, uuid, await archiveOf(files));
    await until(() => uploadsOf(uuid).length > 0, 20_000, "upload folder on instance A");

    await b.stop(); // its graceful shutdown removes its own upload folder, nothing else
    await b.start(); // start-up sweeps folders of stopped instances; A's lease is fresh
    expect(uploadsOf(uuid).length).toBeGreaterThan(0);

    const done = await upload.finish();
    expect(done.status, done.text).toBe(200);
    const cp = await on(b)("GET", `/api/v1/checkpoints/${uuid}`);
    expect(cp.body.checkpoint.state).toBe("STATE_COMPLETED");
    expect(cp.body.checkpoint.resources).toEqual({ "config/params.json": String(files["config/params.json"].length), "weights.bin": String(6 << 20) });
    expect(fs.readFileSync(path.join(stack.storageDir, uuid, "weights.bin")).equals(files["weights.bin"])).toBe(true);
    expect(uploadsOf(uuid)).toEqual([]);
  }, 120_000);

  it("64 clients spread over both instances register 2,000 versions on one model: exactly 1..2000", async () => {
    const name = await newModel();
    const uuid = await newCheckpoint();
    let next = 0;
    const numbers: number[] = [];
    const failures: string[] = [];
    await Promise.all(Array.from({ length: 64 }, async (_, c) => {
      const api = on(c % 2 ? b : a);
      while (next < 2000) {
        next++;
        const res = await api("POST", `/api/v1/models/${name}/versions`, { checkpointUuid: uuid });
        if (res.status === 200) numbers.push(res.body.modelVersion.version);
        else failures.push(`${res.status} ${JSON.stringify(res.body)}`);
      }
    }));
    expect(failures).toEqual([]);
    expect(numbers.sort((x, y) => x - y)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    for (const i of [a, b]) {
      const listed = await on(i)("GET", `/api/v1/models/${name}/versions?limit=0`);
      expect(listed.body.pagination.total).toBe(2000);
      expect(listed.body.model.numVersions).toBe(2000);
    }
  }, 300_000);

  it("logout on one instance is refused on the other within 100 ms (revoke and password reset likewise)", async () => {
    const { createUser, createApiToken, resetPassword, revokeToken, verifyToken } = await import("../../lib/registry");
    const admin = await verifyToken(token);
    const username = uniq("roamer");
    await createUser({ actor: admin, input: { username, password: "pw-1" } });

    /**
     * Warms B's cache with `t`, ends it with `end`, then asks B again and again: returns
     * when (after the change) the first request that B refused was sent. Requests are
     * sequential, so this is how long B went on accepting the token, give or take one
     * request's time (which a loaded machine stretches: it is logged, not asserted).
     */
    const refusedAfter = async (t: string, end: () => Promise<unknown>) => {
      for (let n = 0; n < 3; n++) expect((await on(b, t)("GET", "/api/v1/me")).status).toBe(200);
      await end();
      const ended = performance.now();
      for (;;) {
        const sent = performance.now() - ended;
        const status = (await on(b, t)("GET", "/api/v1/me")).status;
        if (status === 401) return { sent, answered: performance.now() - ended };
        expect(status).toBe(200);
        if (sent > 5_000) return { sent, answered: performance.now() - ended };
      }
    };

    // B does answer from its cache: a token removed without any notification (triggers
    // off) is still accepted there, so the refusals below come from the notifications.
    const silent = await stack.login(username, "pw-1", a.baseUrl);
    for (let n = 0; n < 3; n++) expect((await on(b, silent)("GET", "/api/v1/me")).status).toBe(200);
    const { db } = await import("../../lib/db/client");
    const { tokenHash } = await import("../../lib/registry/users/tokens");
    await db().$transaction([
      db().$executeRaw`SET LOCAL session_replication_role = replica`,
      db().$executeRaw`DELETE FROM api_tokens WHERE token_hash = ${tokenHash(silent)}`,
    ]);
    expect((await on(b, silent)("GET", "/api/v1/me")).status).toBe(200);

    const t1 = await stack.login(username, "pw-1", a.baseUrl);
    const logout = await refusedAfter(t1, () => on(a, t1)("POST", "/api/v1/auth/logout").then((r) => expect(r.status).toBe(200)));
    const script = await createApiToken({ actor: admin, input: { username, name: "ci", days: 1 } });
    const revoke = await refusedAfter(script.token, () => revokeToken({ actor: admin, id: script.info.id })); // from a third process
    const t2 = await stack.login(username, "pw-1", a.baseUrl);
    const reset = await refusedAfter(t2, () => resetPassword({ actor: admin, input: { username, password: "pw-2" } }));
    const fmt = (r: { sent: number; answered: number }) => `sent ${r.sent.toFixed(1)} ms / answered ${r.answered.toFixed(1)} ms`;
    console.log(`[two-instances] first refusal on the other instance after the change: logout ${fmt(logout)}, revoke ${fmt(revoke)}, password reset ${fmt(reset)}`);
    expect(logout.sent).toBeLessThan(100);
    expect(revoke.sent).toBeLessThan(100);
    expect(reset.sent).toBeLessThan(100);
  }, 60_000);

  it("the sign-in limit holds across both instances and survives their restart", async () => {
    const { createUser, verifyToken } = await import("../../lib/registry");
    const username = uniq("guessed");
    await createUser({ actor: await verifyToken(token), input: { username, password: "right" } });
    const attempt = (i: Instance, password: string) => fetch(`${i.baseUrl}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password, isHashed: false }),
    }).then((r) => ({ status: r.status, retryAfter: r.headers.get("retry-after") }));
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await attempt(n % 2 ? b : a, "wrong")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // The 6th try, on either instance, is refused before the password is checked: even the right one.
    for (const i of [a, b]) {
      const refused = await attempt(i, "right");
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    await a.stop();
    await b.stop();
    await Promise.all([a.start(), b.start()]);
    expect((await attempt(b, "right")).status).toBe(429);
    // Parallel guesses over both instances get no more tries: a fresh user, 10 at once.
    const other = uniq("parallel");
    await createUser({ actor: await verifyToken(token), input: { username: other, password: "right" } });
    const parallel = await Promise.all(Array.from({ length: 10 }, (_, n) => fetch(`${(n % 2 ? b : a).baseUrl}/api/v1/auth/login`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: other, password: "wrong", isHashed: false }),
    }).then((r) => r.status)));
    expect(parallel.filter((s) => s === 401)).toHaveLength(5);
    expect(parallel.filter((s) => s === 429)).toHaveLength(5);
  }, 180_000);

  it("SIGTERM: the instance stops accepting, finishes the upload in flight, then exits; its health check says so meanwhile", async () => {
    const uuid = await newCheckpoint("STATE_ACTIVE");
    const upload = startUpload(b, uuid, await archiveOf({ "w.bin": crypto.randomBytes(4 << 20) }));
    await until(() => uploadsOf(uuid).length > 0, 20_000, "upload folder on instance B");
    const stopped = b.stop();
    // A bound on waiting, not a speed target: the signal passes npm start's process chain, slow on a loaded machine.
    await until(() => b.logs().includes("waiting up to"), 30_000, "shutdown log line").catch((err: Error) => {
      throw new Error(`${err.message}; instance B's output:\n${b.logs().slice(-3000)}`);
    });
    expect(b.logs()).toMatch(/SIGTERM: no new connections; waiting up to \d+ s for 1 request\(s\) in flight \(1 upload\(s\)\)/);
    expect(await fetch(`${b.baseUrl}/api/v1/health`).then((r) => r.status, () => "refused")).toBe("refused");
    const done = await upload.finish();
    expect(done.status, done.text).toBe(200);
    await stopped;
    expect(b.running()).toBe(false);
    expect(b.logs()).toContain("stopped (SIGTERM)");
    expect((await on(a)("GET", `/api/v1/checkpoints/${uuid}`)).body.checkpoint.state).toBe("STATE_COMPLETED");
    await b.start();
    // As a load balancer does: checks until healthy. A just-started instance's first check
    // (its first query, its first storage probe) may outlast the check's own 2 s limit on a
    // loaded machine, and then rightly says unavailable.
    let health: unknown;
    await until(async () => {
      const res = await fetch(`${b.baseUrl}/api/v1/health`);
      health = await res.json();
      return res.status === 200;
    }, 30_000, "instance B healthy after its restart").catch((err: Error) => {
      throw new Error(`${err.message}; its last health answer: ${JSON.stringify(health)}`);
    });
    expect(health).toEqual({ status: "ok", database: "ok", storage: "ok" });
  }, 120_000);

  it("a create whose answer was lost (its instance killed right after COMMIT) is retried on the other instance with the same key and made once", async () => {
    const name = await newModel();
    const uuid = await newCheckpoint();
    const key = `lost-answer-${crypto.randomUUID()}`;
    // A third instance that kills itself (SIGKILL) right after committing the create with this key (test-only hook).
    const doomed = await stack.addInstance({ MREG_TEST_CRASH_AFTER_COMMIT: key });
    const body = { checkpointUuid: uuid, comment: "only once" };
    const lost = await on(doomed)("POST", `/api/v1/models/${name}/versions`, body, { "Idempotency-Key": key })
      .then((r) => `answered ${r.status}`, (e) => `no answer: ${(e as Error).cause ?? e}`);
    expect(lost).toMatch(/^no answer: /);
    await until(() => !doomed.running(), 10_000, "the killed instance gone");
    // Committed before the kill, but no answer was stored: the retry rebuilds it from what was made.
    const retry = await on(b)("POST", `/api/v1/models/${name}/versions`, body, { "Idempotency-Key": key });
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(retry.body.modelVersion).toMatchObject({ version: 1, comment: "only once", checkpoint: { uuid } });
    const again = await on(a)("POST", `/api/v1/models/${name}/versions`, body, { "Idempotency-Key": key });
    expect([again.status, again.headers.get("idempotent-replayed"), again.body]).toEqual([200, "true", retry.body]);
    const listed = await on(a)("GET", `/api/v1/models/${name}/versions?limit=0`);
    expect(listed.body.modelVersions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(listed.body.model.numVersions).toBe(1);
  }, 180_000);

  it("a database outage through both instances: only 503s meanwhile, recovery within 1 s, every acknowledged write present, no duplicates though every 503 was retried", async () => {
    const name = await newModel();
    const uuid = await newCheckpoint();
    const acknowledged: number[] = [];
    const statuses = new Map<number, number>();
    let replayed = 0;
    let stop = false;
    // Each writer registers one version per key and retries every 503 (or lost
    // connection) with that key until it is acknowledged: a 503 that hid a commit
    // must come back as that version, never as a second one.
    const writers = Array.from({ length: 8 }, async (_, w) => {
      while (!stop) {
        const key = crypto.randomUUID();
        for (let attempt = 0; ; attempt++) {
          const api = on((w + attempt) % 2 ? b : a);
          const res = await api("POST", `/api/v1/models/${name}/versions`, { checkpointUuid: uuid }, { "Idempotency-Key": key })
            .catch((e) => ({ status: -1, body: String(e), headers: new Headers() }) as never);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) {
            acknowledged.push(res.body.modelVersion.version);
            if (res.headers.get("idempotent-replayed") === "true") replayed++;
            break;
          }
          await sleep(20);
        }
      }
    });
    await until(() => acknowledged.length >= 50, 30_000, "50 writes before the outage");
    stack.stopDb();
    for (const i of [a, b]) {
      const health = await fetch(`${i.baseUrl}/api/v1/health`);
      expect(health.status).toBe(503);
      expect((await health.json()).database).toMatch(/^unavailable: /);
      expect((await on(i)("GET", `/api/v1/models/${name}`)).status).toBe(503);
    }
    await sleep(1500);
    await stack.startDb();
    const restarted = performance.now();
    const recovered = await Promise.all([a, b].map(async (i) => {
      await until(async () => (await on(i)("GET", `/api/v1/models/${name}`)).status === 200, 10_000, `recovery of ${i.baseUrl}`);
      return performance.now() - restarted;
    }));
    const before = acknowledged.length;
    await until(() => acknowledged.length >= before + 50, 30_000, "50 writes after the outage");
    stop = true;
    await Promise.all(writers);

    console.log(`[two-instances] db outage: ${acknowledged.length} acknowledged writes, ${statuses.get(503) ?? 0} answered 503 (all retried), ${replayed} retries answered with an earlier commit, recovered ${recovered.map((ms) => ms.toFixed(0)).join(" / ")} ms after the restart`);
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(Math.max(...recovered)).toBeLessThan(1000);
    const listed = await on(a)("GET", `/api/v1/models/${name}/versions?limit=0`);
    const present = listed.body.modelVersions.map((v: { version: number }) => v.version);
    expect(acknowledged.filter((n) => !present.includes(n))).toEqual([]);
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    // Zero duplicates: every version stored is one acknowledged key, once.
    expect(present.length).toBe(acknowledged.length);
  }, 180_000);
});
