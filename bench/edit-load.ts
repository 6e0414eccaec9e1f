// What one model edit costs the production server (issue 13, decision 180): 2,000
// `PATCH /api/v1/models/{name}` (description) sent open loop at 200/s over 50 models,
// like the webhooks scenario's edit phase but without its seed and registration runs,
// with or without 10 subscriptions (EDIT_SUBS) whose receiver answers 200 at once.
// Reports the rate the edits were answered at, their latency, the server process's CPU
// per edit (utime + stime from /proc), and the statements one edit sends (counted in
// PostgreSQL's statement log for 20 edits made one after another).
//   npx tsx --conditions=react-server bench/edit-load.ts
// Environment: EDIT_DIST (built app folder, default .next-bench), EDIT_N (2000), EDIT_RATE
// (200; 0 = closed loop with EDIT_CLIENTS, 8), EDIT_SUBS (0), EDIT_GET=1 (GET the model
// instead: the floor every API request pays), EDIT_PROFILE=<dir> (a CPU profile of the
// measured phase only), BENCH_PORT / BENCH_PG_PORT as for `npm run bench`.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startBenchCluster } from "./cluster";
import { Client, HOST } from "./http";
import { firstAttemptLatency } from "./webhook-latency";

const DIST = process.env.EDIT_DIST ?? ".next-bench";
const N = Number(process.env.EDIT_N ?? 2000);
const RATE = Number(process.env.EDIT_RATE ?? 200);
const SUBS = Number(process.env.EDIT_SUBS ?? 0);
const PORT = Number(process.env.BENCH_PORT ?? 3701);
const PROFILE = process.env.EDIT_PROFILE;
const log = (l: string) => console.log(`[edit-load] ${l}`);

// Loaded into the server (node --import): SIGUSR2 starts a CPU profile, the next one writes it
// to $EDIT_PROFILE, so it holds the measured phase only (--cpu-prof covers start-up too and is
// refused in NODE_OPTIONS).
const PROFILER = `
import fs from "node:fs"; import inspector from "node:inspector"; import path from "node:path";
const session = new inspector.Session(); session.connect(); let running = false;
process.on("SIGUSR2", () => {
  if (!running) { running = true; session.post("Profiler.enable", () => session.post("Profiler.start")); return; }
  running = false;
  session.post("Profiler.stop", (err, res) => {
    if (err) return console.error(err);
    fs.mkdirSync(process.env.EDIT_PROFILE, { recursive: true });
    fs.writeFileSync(path.join(process.env.EDIT_PROFILE, "edit-" + process.pid + "-" + Date.now() + ".cpuprofile"), JSON.stringify(res.profile));
  });
});`;

const cpuMs = (pid: number) => {
  const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10; // utime + stime, in 10 ms ticks
};
/** CPU of every PostgreSQL backend of the cluster (processes whose command line names the port's cluster). */
const pgCpuMs = (dataDir: string) => {
  let sum = 0;
  for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${p}/cmdline`, "utf8");
      if (cmd.startsWith("postgres:") || cmd.includes(dataDir)) {
        const env = fs.readlinkSync(`/proc/${p}/cwd`);
        if (env.startsWith(dataDir)) sum += cpuMs(Number(p));
      }
    } catch { /* gone */ }
  }
  return sum;
};

async function main() {
  const cluster = await startBenchCluster(() => {});
  const password = crypto.randomBytes(12).toString("base64url");
  process.env.DATABASE_URL = cluster.url;
  process.env.MREG_ADMIN_PASSWORD = password;
  const { ensureDefaults } = await import("../lib/registry");
  await ensureDefaults();
  const { disconnectDb } = await import("../lib/db/client");
  await disconnectDb();
  const dataDir = fs.realpathSync(path.join(cluster.root, "pg"));

  const out = fs.openSync(path.join(cluster.root, "server.log"), "a");
  const nodeArgs = PROFILE ? ["--import", `data:text/javascript,${encodeURIComponent(PROFILER)}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, "scripts/serve.mjs"], {
    detached: true, stdio: ["ignore", out, out],
    env: {
      ...process.env, DATABASE_URL: cluster.url, MREG_DEMO_DATA: "0", NEXT_DIST_DIR: DIST, PORT: String(PORT), MREG_HOST: HOST,
      MREG_STORAGE_DIR: cluster.storageDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1",
      MREG_WEBHOOK_KEY: "3".repeat(64), MREG_WEBHOOK_ALLOW_PRIVATE: "1", ...(PROFILE ? { EDIT_PROFILE: PROFILE } : {}),
    },
  });
  const receiver = http.createServer((req, res) => { req.resume(); req.on("end", () => { received++; res.end("ok"); }); });
  let received = 0;
  const db = new pg.Client({ connectionString: cluster.url });
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`server exited; see ${cluster.root}/server.log`);
      if (await fetch(`http://${HOST}:${PORT}/api/v1/master`).then((r) => r.ok, () => false)) break;
      if (i > 300) throw new Error("server did not answer");
      await new Promise((r) => setTimeout(r, 300));
    }
    await db.connect();
    const client = new Client(PORT, 16);
    await client.login();
    const stamp = Date.now().toString(36);
    const models = Array.from({ length: 50 }, (_, i) => `edit-load-${i}-${stamp}`);
    for (const name of models) await client.json("POST", "/api/v1/models", { name });
    await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    for (let i = 0; i < SUBS; i++) await client.json("POST", "/api/v1/webhooks", { url, events: ["model.updated"], modelFilter: `edit-load-*-${stamp}` });

    const editor = new Client(PORT, 512);
    editor.token = client.token;
    let seq = 0;
    // EDIT_GET=1: the measured phase reads the model instead (the floor every API request pays: Next, auth, JSON).
    const measured = (i: number) => process.env.EDIT_GET === "1"
      ? editor.request("GET", process.env.EDIT_GET_PATH ?? `/api/v1/models/${models[i % models.length]}`).catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }))
      : edit(i);
    const edit = (i: number) => editor.request("PATCH", `/api/v1/models/${models[i % models.length]}`, { description: `edit ${seq++}` })
      .catch((e: Error) => ({ status: 0, body: Buffer.from(e.message) }));

    // Statements per edit: 20 edits one after another under log_statement = 'all'.
    await db.query(`ALTER SYSTEM SET log_statement = 'all'`);
    await db.query(`ALTER SYSTEM SET log_line_prefix = '%p|'`);
    await db.query(`SELECT pg_reload_conf()`);
    await new Promise((r) => setTimeout(r, 300));
    const logFile = path.join(dataDir, "server.log");
    const from = fs.statSync(logFile).size;
    for (let i = 0; i < 20; i++) await edit(i);
    await new Promise((r) => setTimeout(r, 300));
    await db.query(`ALTER SYSTEM RESET log_statement`);
    await db.query(`SELECT pg_reload_conf()`);
    const lines = fs.readFileSync(logFile, "utf8").slice(from).split(/\n(?=\d+\|)/).filter((l) => /LOG: {2}(statement|execute)/.test(l));
    const editPids = new Set(lines.filter((l) => /FROM models( m)?\s+WHERE[^]*FOR UPDATE/.test(l)).map((l) => l.split("|")[0]));
    const editLines = lines.filter((l) => editPids.has(l.split("|")[0]));
    const shapes = new Map<string, number>();
    for (const l of editLines) {
      const s = l.replace(/^\d+\|.*?LOG: {2}(statement|execute [^:]*): /, "").replace(/\s+/g, " ").slice(0, 70);
      shapes.set(s, (shapes.get(s) ?? 0) + 1);
    }
    log(`statements per edit: ${(editLines.length / 20).toFixed(1)} (${editPids.size} connections)`);
    for (const [s, n] of shapes) log(`   ${(n / 20).toFixed(1)} x ${s}`);

    // Warm-up (JIT, caches), then the measured phase.
    for (let i = 0; i < 300; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => edit(i + k)));
    if (SUBS) await drain(db);
    const pid = child.pid!;
    // What the server spends with no request at all (delivery polling, listeners), over 10 s.
    const idle0 = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 10_000));
    log(`idle server CPU: ${((cpuMs(pid) - idle0) / 10).toFixed(0)} ms/s (load ${os.loadavg()[0].toFixed(1)})`);
    const load0 = os.loadavg()[0];
    const cpu0 = cpuMs(pid);
    const pg0 = pgCpuMs(dataDir);
    if (PROFILE) process.kill(pid, "SIGUSR2");
    const measuredFrom = Date.now();
    const t0 = performance.now();
    const lat: number[] = [];
    let failed = 0;
    const failures = new Map<string, number>();
    // EDIT_RATE=0: closed loop, EDIT_CLIENTS (8) clients each sending its next edit when the last is answered.
    let next = 0;
    const clients = Number(process.env.EDIT_CLIENTS ?? 8);
    const one = async (i: number) => {
      const s = performance.now();
      const r = await measured(i);
      lat.push(performance.now() - s);
      if (r.status !== 200) {
        failed++;
        const why = `${r.status} ${r.body.toString().slice(0, 100)}`;
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    };
    if (RATE > 0) {
      await Promise.all(Array.from({ length: N }, async (_, i) => {
        const wait = t0 + (i * 1000) / RATE - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await one(i);
      }));
    } else {
      await Promise.all(Array.from({ length: clients }, async () => { while (next < N) await one(next++); }));
    }
    const seconds = (performance.now() - t0) / 1000;
    if (PROFILE) process.kill(pid, "SIGUSR2");
    const cpu = cpuMs(pid) - cpu0;
    const pgCpu = pgCpuMs(dataDir) - pg0;
    const load = Math.max(load0, os.loadavg()[0]);
    lat.sort((a, b) => a - b);
    const q = (p: number) => lat[Math.min(lat.length - 1, Math.ceil(p * lat.length) - 1)].toFixed(0);
    log(`${DIST}, ${SUBS} subscriptions: ${N} edits ${RATE > 0 ? `offered at ${RATE}/s` : `by ${clients} clients, closed loop`}, answered in ${seconds.toFixed(1)} s = ${(N / seconds).toFixed(0)}/s; ${failed} failed; latency p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms; server CPU ${(cpu / N).toFixed(2)} ms/edit (${(cpu / 10 / seconds).toFixed(0)} % of a core), PostgreSQL ${(pgCpu / N).toFixed(2)} ms/edit; load ${load.toFixed(1)} (now ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}); receiver got ${received}`);
    if (failures.size) log(`failures: ${[...failures].slice(0, 3).map(([w, n]) => `${n} x ${w}`).join("; ")}`);
    if (SUBS) {
      await drain(db);
      log(`drained; receiver got ${received}`);
      // Commit -> first attempt of each delivery of the measured phase, overall and by the second of its commit.
      const rows = await firstAttemptLatency(db, { since: new Date(measuredFrom) });
      const { rows: sent } = await db.query(`
        SELECT floor(extract(epoch FROM a.at - $1::timestamptz))::int AS sec, count(*)::int AS n FROM webhook_attempts a
         WHERE a.at >= $1::timestamptz GROUP BY 1 ORDER BY 1`, [new Date(measuredFrom)]);
      const by = new Map(sent.map((r) => [r.sec, r.n]));
      for (const r of rows) log(`   commit -> first attempt ${r.sec === null ? "overall" : `second ${r.sec}`}: ${r.n} deliveries, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms${r.sec === null ? "" : `; ${by.get(r.sec) ?? 0} attempts made in that second`}`);
    }
    if (PROFILE) await new Promise((r) => setTimeout(r, 2000));
    editor.close();
    client.close();
  } finally {
    await db.end().catch(() => {});
    receiver.close();
    try { process.kill(-child.pid!, "SIGTERM"); } catch { /* gone */ }
    for (let i = 0; i < 50 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    try { process.kill(-child.pid!, "SIGKILL"); } catch { /* gone */ }
    cluster.remove();
  }
}

async function drain(db: pg.Client) {
  for (let i = 0; i < 600; i++) {
    const { rows: [p] } = await db.query(`SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'pending') + (SELECT count(*) FROM webhook_events) AS n`);
    if (Number(p.n) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

await main();
process.exit(0);
