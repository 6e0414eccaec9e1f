// Production servers on one PostgreSQL and one checkpoint storage folder, all owned by
// the test, so a test can restart the database, start and stop instances gracefully
// (SIGTERM) or SIGKILL them. Each instance runs exactly what `npm start` runs
// (scripts/start.ts: database preparation, the build check, scripts/serve.mjs) on its
// own port with the same DATABASE_URL and MREG_STORAGE_DIR, as N instances behind a
// load balancer would (docs/deploy.md). Used by tests/stack/* and tests/multi/*. The build is shared: see ensureBuild().
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedCluster } from "../../lib/db/embedded-postgres";
import { build, staleReason } from "../../scripts/lib/production-build";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const ADMIN_PASSWORD = "trust-admin-pw";
export const DETERMINED_PASSWORD = "trust-det-pw";
/** Every instance of a stack shares the webhook key, as instances behind one load balancer must. */
export const STACK_WEBHOOK_KEY = "1".repeat(64);

/**
 * The production build the servers run. With MREG_TEST_PREBUILT=1 it is the one
 * scripts/test.sh made (NEXT_DIST_DIR, default .next-test) for every HTTP and browser
 * test; otherwise `.next-test` is (re)built when its sources changed (the same check
 * `npm start` makes).
 */
export function ensureBuild(): string {
  if (process.env.MREG_TEST_PREBUILT === "1") return process.env.NEXT_DIST_DIR || ".next-test";
  const dist = ".next-test";
  if (staleReason(dist)) build(dist, { output: "capture" });
  return dist;
}

export type Instance = {
  baseUrl: string;
  port: number;
  /** This instance's output so far. */
  logs: () => string;
  /** Starts it (again) and waits until it answers. */
  start: () => Promise<void>;
  /** SIGTERM, as a service manager stops it; resolves when it has exited. */
  stop: () => Promise<void>;
  /** SIGKILL the instance and its children, as a crash would. */
  kill: () => void;
  running: () => boolean;
};

export type Stack = {
  /** The first instance's address (most tests need only one). */
  baseUrl: string;
  instances: Instance[];
  /** Another instance on the same database and storage (started). */
  addInstance: (env?: Record<string, string>) => Promise<Instance>;
  /** The build the servers run (NEXT_DIST_DIR). */
  dist: string;
  dbUrl: string;
  storageDir: string;
  /** Output of every instance so far (for diagnosing a failure). */
  logs: () => string;
  startDb: () => Promise<void>;
  stopDb: () => void;
  /** The first instance's start and kill. */
  startServer: () => Promise<void>;
  killServer: () => void;
  login: (username?: string, password?: string, baseUrl?: string) => Promise<string>;
  close: () => Promise<void>;
};

/** Ports are preferences (MREG_TEST_PORT moves the base); a taken one is replaced by a free one. */
export async function startStack(opts: { env?: Record<string, string>; instances?: number } = {}): Promise<Stack> {
  const dist = ensureBuild();
  const base = Number(process.env.MREG_TEST_PORT) || 3600;
  const pgPort = await freePort(base + 1);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-stack-"));
  fs.chmodSync(tmp, 0o755);
  const storageDir = path.join(tmp, "checkpoints");
  let cluster: EmbeddedCluster | undefined;

  const startDb = async () => {
    cluster = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: pgPort, database: "registry", log: () => {} });
    if (cluster.port !== pgPort) throw new Error(`PostgreSQL port ${pgPort} is taken`);
  };
  await startDb();
  const dbUrl = cluster!.url;
  const instances: Instance[] = [];

  const makeInstance = async (env: Record<string, string> = {}): Promise<Instance> => {
    const port = await freePort(base + (instances.length ? 1 + instances.length : 0));
    const baseUrl = `http://127.0.0.1:${port}`;
    let server: ChildProcess | undefined;
    let output = "";
    const running = () => !!server && server.exitCode === null && server.signalCode === null;
    const start = async () => {
      // As `npm start` runs it: tsx as a loader in the one process that gets the signal (see package.json).
      server = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/start.ts"], {
        cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env, DATABASE_URL: dbUrl, MREG_STORAGE_DIR: storageDir, MREG_DATA_DIR: tmp, MREG_DEMO_DATA: "0",
          PORT: String(port), MREG_HOST: "127.0.0.1",
          NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production",
          MREG_ADMIN_PASSWORD: ADMIN_PASSWORD, MREG_DETERMINED_PASSWORD: DETERMINED_PASSWORD,
          MREG_WEBHOOK_KEY: STACK_WEBHOOK_KEY, MREG_WEBHOOK_ALLOW_PRIVATE: "1", ...opts.env, ...env,
        },
      });
      server.stdout!.on("data", (d) => { output += d; });
      server.stderr!.on("data", (d) => { output += d; });
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        if (!running()) throw new Error(`server exited (${server.exitCode ?? server.signalCode}):\n${output}`);
        const up = await fetch(`${baseUrl}/api/v1/master`).then((r) => r.ok, () => false);
        if (up) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`server did not start within 90 s:\n${output}`);
    };
    const stop = async () => {
      if (!server || !running()) return;
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    };
    // The whole process group (scripts/start.ts, scripts/serve.mjs), even when its
    // leader has exited: a server left behind by a failed stop would keep its port and
    // its CPU for the rest of the run (seen: two such servers slowed the browser journeys).
    const kill = () => {
      if (!server?.pid) return;
      try { process.kill(-server.pid, "SIGKILL"); } catch { /* the group is gone */ }
    };
    const instance: Instance = { baseUrl, port, logs: () => output, start, stop, kill, running };
    instances.push(instance);
    await start();
    return instance;
  };

  for (let i = 0; i < (opts.instances ?? 1); i++) await makeInstance();
  const first = instances[0];
  return {
    baseUrl: first.baseUrl, instances, dist, dbUrl, storageDir, startDb,
    addInstance: makeInstance,
    startServer: first.start,
    killServer: first.kill,
    logs: () => instances.map((i, n) => `--- instance ${n} (${i.baseUrl})\n${i.logs()}`).join("\n"),
    stopDb: () => cluster?.stop(),
    login: async (username = "admin", password = username === "admin" ? ADMIN_PASSWORD : DETERMINED_PASSWORD, baseUrl = first.baseUrl) => {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password, isHashed: false }),
      });
      if (!res.ok) throw new Error(`login as ${username}: ${res.status} ${await res.text()}`);
      return (await res.json()).token as string;
    },
    close: async () => {
      for (const i of instances) i.kill();
      await new Promise((r) => setTimeout(r, 200));
      cluster?.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** fetch with a bearer token and JSON; returns status and parsed body (or text). */
export function client(baseUrl: string, token?: string) {
  return async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && typeof body !== "string" ? { "content-type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
    const text = await res.text();
    let json: unknown = text;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, body: json as any, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape: each test's expect() checks it
  };
}

/**
 * Points this test process's domain (lib/registry) at the stack's database and
 * storage, so fixtures are made through the domain as the e2e seed does. Each vitest
 * file runs in its own process, so no other file is affected.
 */
export async function useStackDatabase(stack: Stack): Promise<void> {
  const g = globalThis as unknown as { __registryPrisma?: { $disconnect: () => Promise<void> } };
  await g.__registryPrisma?.$disconnect();
  delete g.__registryPrisma;
  process.env.DATABASE_URL = stack.dbUrl;
  process.env.MREG_STORAGE_DIR = stack.storageDir;
}

/** Every row of the tables a mutation could touch, as one comparable value, plus the files in storage. */
export async function snapshot(storageDir: string): Promise<Record<string, unknown>> {
  const { db } = await import("../../lib/db/client");
  const out: Record<string, unknown> = {};
  for (const table of ["models", "model_versions", "checkpoints", "experiments", "trials", "users", "workspace_roles", "workspaces", "history_events", "model_aliases"]) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`,
    );
    out[table] = `${row.n}:${row.digest}`;
  }
  out.storage = fs.existsSync(storageDir)
    ? fs.readdirSync(storageDir, { recursive: true }).map(String).filter((f) => !f.startsWith(".tmp")).sort()
    : [];
  return out;
}

/** Calls a server action over HTTP the way a browser does (Next-Action header, args as JSON). */
export async function callAction(baseUrl: string, opts: { id: string; page: string; args: unknown[] | string; session?: string }) {
  const res = await fetch(`${baseUrl}${opts.page}`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "next-action": opts.id,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      ...(opts.session ? { cookie: `mreg_session=${opts.session}` } : {}),
    },
    body: typeof opts.args === "string" ? opts.args : JSON.stringify(opts.args),
  });
  return { status: res.status, text: await res.text(), location: res.headers.get("location") };
}

/** The build's server actions: id, file and export name, and the pages that can run them. */
export function serverActions(dist: string): { id: string; file: string; name: string; workers: string[] }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, dist, "server", "server-reference-manifest.json"), "utf8"));
  return Object.entries(manifest.node as Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>)
    .map(([id, a]) => ({ id, file: a.filename, name: a.exportedName, workers: Object.keys(a.workers) }));
}
