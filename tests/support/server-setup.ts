// Global setup for the HTTP tests (tests/rest, tests/cli): a production build of
// the app started exactly as `npm start` does (scripts/start.ts) on
// its own embedded PostgreSQL and storage in a temp folder, with no demo data.
// scripts/test.sh builds once (NEXT_DIST_DIR, default .next-test) and sets
// MREG_TEST_PREBUILT=1; run alone, `npx vitest run` builds here first.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../lib/db/embedded-postgres";
import { packMreg } from "./pack-mreg";
import { ensureBuild } from "./stack";

export const TEST_DIST_DIR = process.env.NEXT_DIST_DIR || ".next-test";
const root = path.resolve(import.meta.dirname, "../..");


async function waitUntilUp(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the test server exited (${child.exitCode}):\n${output()}`);
    const up = await fetch(`${url}/api/v1/master`).then((r) => r.ok, () => false);
    if (up) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the test server did not answer within 120 s:\n${output()}`);
}

export default async function setup(project: TestProject) {
  const dist = ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-http-"));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort(Number(process.env.MREG_TEST_PORT) || undefined);
  const pgPort = await freePort();
  const adminPassword = `admin-${crypto.randomBytes(6).toString("hex")}`;
  let log = "";
  const child = spawn(path.join(root, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/start.ts"], {
      cwd: root,
      detached: true, // its own process group, so teardown reaches PostgreSQL's parent too
      env: {
        ...process.env,
        NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: "1", DATABASE_URL: "", PORT: String(port), MREG_HOST: "127.0.0.1",
        MREG_DATA_DIR: dataDir, MREG_PG_PORT: String(pgPort), MREG_DEMO_DATA: "0",
        MREG_ADMIN_PASSWORD: adminPassword, MREG_DETERMINED_PASSWORD: "",
        MREG_MAX_BODY_BYTES: String(256 * 1024),
        // Webhooks (issue 13): a signing-secret key, and the tests' receivers listen on 127.0.0.1.
        MREG_WEBHOOK_KEY: crypto.randomBytes(32).toString("base64"), MREG_WEBHOOK_ALLOW_PRIVATE: "1",
        // Small archive limits so the checkpoint-transfer tests can hit them cheaply.
        MREG_MAX_ARCHIVE_BYTES: String(64 * 1024 * 1024), MREG_MAX_ARCHIVE_FILES: "1000",
      },
    });
  // Kept in a file too, so tests can check what the server logs (and that no secret is in it).
  const logFile = path.join(dataDir, "server.log");
  const collect = (d: Buffer) => {
    log += d;
    fs.appendFileSync(logFile, d);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(baseUrl, child, () => log);
  } catch (err) {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    throw err;
  }
  project.provide("baseUrl", baseUrl);
  project.provide("adminPassword", adminPassword);
  project.provide("serverLogFile", logFile);
  // Where the server keeps checkpoint files (lib/db/bootstrap.ts), for tests that tamper with them.
  project.provide("serverStorageDir", process.env.MREG_STORAGE_DIR ?? path.join(dataDir, "checkpoints"));
  // The CLI tests run mreg as an install runs it: the one-file bundle (`npm run build:cli`),
  // built once here. Through the checkout's tsx wrapper every run compiles the sources
  // again, 5 s a process on a busy machine, and 32 at once outlasted a test's timeout.
  const { entry: mregBundle, build } = packMreg(path.join(dataDir, "mreg-package"));
  if (build.status !== 0) throw new Error(`could not bundle mreg:\n${build.stdout}${build.stderr}`);
  project.provide("mregBundle", mregBundle);

  return async () => {
    const started = Date.now();
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid, "SIGTERM"); // with-db stops its PostgreSQL on SIGTERM
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
    }
    // PostgreSQL (a daemon) may still hold the pipes; do not let them keep vitest alive.
    child.stdout?.destroy();
    child.stderr?.destroy();
    child.unref();
    if (process.env.MREG_TEST_DEBUG) console.log(`[server-setup] server stopped in ${Date.now() - started} ms`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
    serverLogFile: string;
    serverStorageDir: string;
    /** mreg as a packed install runs it: its bin wrapper and the one-file bundle (cli/build.mjs). */
    mregBundle: string;
  }
}
