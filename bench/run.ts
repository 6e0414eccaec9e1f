// `npm run bench`: seeds its own PostgreSQL at scale, builds the production app and
// starts it exactly as the README's `npm start` does (bench/server.ts) against it, measures (bench/scenarios), writes bench/results/latest.{md,json}.
// Traffic goes to 127.0.0.1 only; the run stops itself and always removes its
// cluster and server. Environment: BENCH_N (requests per measure, default 200),
// BENCH_SKIP_BUILD=1 (reuse .next-bench), BENCH_PG_PORT / BENCH_PORT (3700 / 3701),
// BENCH_SERVER_NODE_OPTIONS (Node options for the server only, e.g. --require a profiler),
// BENCH_ONLY=lists,pages,register,webhooks,io,aliases,compare,integrity,usage,s3 (run only those scenarios, e.g. while working on one),
// BENCH_S3_ROUNDS (rounds of the object-storage transfers, default 3).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startBenchCluster, type BenchCluster } from "./cluster";
import { Client, RouteMissing } from "./http";
import { machine, writeResults, type Result } from "./report";
import { measureAliases, seedAliases } from "./scenarios/aliases";
import { measureCheckpointIo } from "./scenarios/checkpoint-io";
import { measureIntegrity } from "./scenarios/integrity";
import { measureObjectStorage } from "./scenarios/object-storage";
import { measureCompare, seedCompare } from "./scenarios/compare";
import { measureLists } from "./scenarios/lists";
import { measurePages } from "./scenarios/pages";
import { measureRegistration } from "./scenarios/register";
import { measureStorageUsage } from "./scenarios/storage-usage";
import { measureWebhooks } from "./scenarios/webhooks";
import { buildApp, startServer, type Server } from "./server";
import { seed, SCALE } from "./seed";
import { Floor, installLoggingClient } from "./sql-floor";

const N = Number(process.env.BENCH_N ?? 200);
const PORT = Number(process.env.BENCH_PORT ?? 3701);
const HARD_LIMIT_MS = 20 * 60_000;
const t0 = performance.now();
const log = (l: string) => console.log(`[bench +${((performance.now() - t0) / 1000).toFixed(0)}s] ${l}`);

let cluster: BenchCluster | undefined;
let server: Server | undefined;
let floor: Floor | undefined;
let prisma: { $disconnect: () => Promise<void> } | undefined;
let cleaning: Promise<void> | undefined;
const cleanup = () => (cleaning ??= (async () => {
  await server?.stop().catch(() => {});
  await floor?.end().catch(() => {});
  await prisma?.$disconnect().catch(() => {});
  cluster?.remove();
})());
const abort = (why: string) => {
  console.error(`[bench] ${why}: cleaning up`);
  void cleanup().finally(() => process.exit(1));
};
process.on("SIGINT", () => abort("interrupted"));
process.on("SIGTERM", () => abort("terminated"));
setTimeout(() => abort(`still running after ${HARD_LIMIT_MS / 60_000} minutes`), HARD_LIMIT_MS).unref();

const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((x) => x.trim())) : null;
// Scenarios that make all their own data (a checkpoint row, files in a temp folder): when
// only these run, the bulk seed (~7 minutes on a busy machine) is skipped; any other
// scenario in the run gets the seeded database exactly as before.
const SEEDLESS = new Set(["s3", "integrity"]);
const NEEDS_SEED = !ONLY || [...ONLY].some((k) => !SEEDLESS.has(k));

async function scenario(name: string, key: string, results: Result[], fn: () => Promise<Result | Result[]>) {
  if (ONLY && !ONLY.has(key)) return;
  try {
    const r = await fn();
    results.push(...(Array.isArray(r) ? r : [r]));
  } catch (e) {
    const missing = e instanceof RouteMissing;
    log(`${name} could not run: ${(e as Error).message}`);
    results.push({ group: name, name: missing ? "(route not in this build)" : "(could not run)", target: "-", measured: (e as Error).message.split("\n")[0].slice(0, 200).replace(/\|/g, "/"), pass: missing ? null : false });
  }
}

async function main() {
  const meta: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), requestsPerMeasure: N, scale: NEEDS_SEED ? SCALE : "not seeded" };
  // What was built, when it is not plain main (e.g. branches merged before they land).
  if (process.env.BENCH_NOTE) meta.build = process.env.BENCH_NOTE;
  if (ONLY) meta.only = [...ONLY];
  const build = process.env.BENCH_SKIP_BUILD === "1" ? null : buildApp(log);
  if (build) meta.buildSeconds = Math.round(build.seconds);

  cluster = await startBenchCluster(() => {});
  process.env.DATABASE_URL = cluster.url;
  process.env.MREG_STORAGE_DIR = cluster.storageDir;
  prisma = installLoggingClient(cluster.url);
  // A fresh password for this run's admin; the server inherits it and sets it at start-up too.
  process.env.MREG_ADMIN_PASSWORD = crypto.randomBytes(12).toString("base64url");
  const reg = await import("../lib/registry");
  await reg.ensureDefaults();
  if (NEEDS_SEED) {
    const seeded = await seed(cluster.url, log);
    meta.seedSeconds = Math.round(seeded.seconds);
  } else {
    meta.seed = `skipped: only ${[...ONLY!].join(", ")}, which make their own data`;
  }
  if (!ONLY || ONLY.has("aliases")) await seedAliases(cluster.url, log);
  if (!ONLY || ONLY.has("compare")) await seedCompare(cluster.url, log);

  server = await startServer({ port: PORT, databaseUrl: cluster.url, storageDir: cluster.storageDir, logFile: path.join(cluster.root, "server.log") });
  log(`server on 127.0.0.1:${PORT} (pid ${server.pid()})`);
  const client = new Client(PORT);
  const apiReady = (await client.request("GET", "/api/v1/master")).status === 200;
  if (apiReady) await client.login();
  else log("the /api/v1 routes are not in this build: API rows are reported as missing");
  floor = new Floor(cluster.url);

  const results: Result[] = [];
  await scenario("lists", "lists", results, () => measureLists({ client, floor: floor!, reg, apiReady, n: N, log }));
  await scenario("page render", "pages", results, () => measurePages({ client, n: N, log }));
  await scenario("concurrent registration", "register", results, () => measureRegistration({ port: PORT, token: client.token, databaseUrl: cluster!.url, log }));
  await scenario("concurrent registration", "register", results, () => measureRegistration({ port: PORT, token: client.token, databaseUrl: cluster!.url, log, keyed: true }));
  await scenario("webhooks", "webhooks", results, () => measureWebhooks({ port: PORT, token: client.token, databaseUrl: cluster!.url, log }));
  await scenario("aliases", "aliases", results, () => measureAliases({ client, n: N, log }));
  await scenario("compare and metric chart", "compare", results, () => measureCompare({ client, n: N, log }));
  await scenario("storage usage", "usage", results, () => measureStorageUsage({ client, n: N, log }));
  await scenario("1 GiB checkpoint", "io", results, () => measureCheckpointIo({ port: PORT, token: client.token, databaseUrl: cluster!.url, workDir: cluster!.root, serverPid: server!.pid(), log }));
  await scenario("1 GiB checkpoint, S3 storage", "s3", results, () => measureObjectStorage({ port: PORT + 2, token: client.token, databaseUrl: cluster!.url, workDir: cluster!.root, log }));
  await scenario("integrity", "integrity", results, () => measureIntegrity({ workDir: cluster!.root, log }));
  client.close();

  meta.totalSeconds = Math.round((performance.now() - t0) / 1000);
  meta.loadAvgAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
  const md = writeResults(path.join(process.cwd(), "bench", "results"), results, meta, ONLY ? `only-${[...ONLY].sort().join("-")}` : "latest");
  console.log(`\n${md}`);
  if (fs.existsSync(path.join(cluster.root, "server.log")) && results.some((r) => r.measured.includes("HTTP 500"))) {
    console.log(fs.readFileSync(path.join(cluster.root, "server.log"), "utf8").slice(-3000));
  }
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(e);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
