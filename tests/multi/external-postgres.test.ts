// An external PostgreSQL, set up with exactly the SQL the README gives an
// administrator, and the usual mistakes, each answered with one line naming
// DATABASE_URL (issue 11). The "external" server is a cluster of its own in which the
// registry's roles are ordinary, non-superuser roles.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startEmbeddedPostgres, type EmbeddedCluster } from "../../lib/db/embedded-postgres";
import { ensureBuild } from "../support/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");
let cluster: EmbeddedCluster;
let tmp: string;
let dist: string;
let host: string;

/** The README's administrator SQL (section "External PostgreSQL"), run by the superuser. */
function readmeSql(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### External PostgreSQL"));
  const sql = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!sql) throw new Error("README has no ```sql block under ### External PostgreSQL");
  return sql.split("\n").filter((l) => l.trim() && !l.trim().startsWith("--")).join("\n").split(";").map((s) => s.trim()).filter(Boolean);
}

async function asSuperuser(database: string, statements: string[]) {
  const c = new pg.Client({ connectionString: cluster.url.replace(/\/[^/]*$/, `/${database}`) });
  await c.connect();
  try {
    for (const s of statements) await c.query(s);
  } finally {
    await c.end();
  }
}

type Run = { code: number | null; stdout: string; stderr: string };

/** Runs the README's start command (scripts/start.ts) against `url`; `until` ends it early once the output matches. */
function start(url: string, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    void freePort().then((port) => {
      const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/start.ts"], {
        cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env, DATABASE_URL: url, PORT: String(port), MREG_HOST: "127.0.0.1", NEXT_DIST_DIR: dist,
          MREG_STORAGE_DIR: path.join(tmp, "storage"), MREG_DEMO_DATA: "0", MREG_ADMIN_PASSWORD: "first-admin-pw",
          MREG_DETERMINED_PASSWORD: undefined, NEXT_TELEMETRY_DISABLED: "1",
        },
      });
      let stdout = "";
      let stderr = "";
      const check = () => {
        if (until?.test(stdout) && child.pid) process.kill(-child.pid, "SIGTERM");
      };
      child.stdout!.on("data", (d) => { stdout += d; check(); });
      child.stderr!.on("data", (d) => { stderr += d; });
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 90_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  });
}

const oneLine = (run: Run) => {
  expect(run.code).toBe(1);
  const lines = run.stderr.trim().split("\n");
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).not.toMatch(/\n\s+at /);
  return lines[0];
};

beforeAll(async () => {
  dist = ensureBuild();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-external-"));
  fs.chmodSync(tmp, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: Number(process.env.MREG_TEST_PORT ?? 3600) + 20_030, database: "postgres", log: () => {} });
  host = new URL(cluster.url).host;
  await asSuperuser("postgres", readmeSql());
  // A role that may connect but owns nothing, and one database it is given without ownership.
  await asSuperuser("postgres", [
    "CREATE ROLE visitor LOGIN PASSWORD 'visitor-pw'",
    "CREATE DATABASE borrowed OWNER postgres",
    "GRANT CONNECT ON DATABASE borrowed TO visitor",
  ]);
  await asSuperuser("borrowed", ["GRANT ALL ON SCHEMA public TO visitor"]);
}, 300_000);

afterAll(() => {
  cluster?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("an external PostgreSQL", () => {
  it("prepared with the README's SQL, the registry starts as a non-superuser owner and says which initial password it applied", async () => {
    const run = await start(`postgresql://registry:change-me@${host}/registry`, /serving http/);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("[registry] applied migrations: ");
    expect(run.stdout).toContain("[registry] initial password of admin applied from MREG_ADMIN_PASSWORD");
    expect(run.stdout).toContain("[registry] users without a password cannot log in until one is set: determined (MREG_DETERMINED_PASSWORD)");
    expect(run.stdout).toMatch(/\[registry\] serving http:\/\/127\.0\.0\.1:\d+/);
    // A restart applies nothing again and says why the variable was ignored.
    const again = await start(`postgresql://registry:change-me@${host}/registry`, /serving http/);
    expect(again.stdout).toContain("[registry] MREG_ADMIN_PASSWORD not applied: admin already has a password");
    expect(again.stdout).not.toContain("applied migrations");
  }, 180_000);

  it("a wrong password: one line naming DATABASE_URL", async () => {
    const line = oneLine(await start(`postgresql://registry:wrong@${host}/registry`));
    expect(line).toBe(`[registry] DATABASE_URL: PostgreSQL at ${host} refused user "registry" (wrong password, or no such user, or pg_hba.conf does not allow it): check the user and password in DATABASE_URL`);
  }, 60_000);

  it("nothing listening at the host and port: one line naming DATABASE_URL", async () => {
    const closed = await freePort();
    const line = oneLine(await start(`postgresql://registry:change-me@127.0.0.1:${closed}/registry`));
    expect(line).toBe(`[registry] DATABASE_URL: nothing accepts connections at 127.0.0.1:${closed} (connection refused): check the host and port in DATABASE_URL and that PostgreSQL is running and listening there`);
  }, 60_000);

  it("a database that does not exist: one line naming DATABASE_URL and the SQL to create it", async () => {
    const line = oneLine(await start(`postgresql://registry:change-me@${host}/registy`));
    expect(line).toBe(`[registry] DATABASE_URL: database "registy" does not exist on ${host}: create it (CREATE DATABASE "registy" OWNER "registry";) or fix the name in DATABASE_URL`);
  }, 60_000);

  it("a role that may not create the schema and the pg_trgm extension (no CREATE on the database): one line naming DATABASE_URL and the fix; nothing half-applied", async () => {
    const line = oneLine(await start(`postgresql://visitor:visitor-pw@${host}/borrowed`));
    expect(line).toBe(`[registry] DATABASE_URL: user "visitor" may not create the schema and the extension pg_trgm in database "borrowed": make "visitor" the database's owner (ALTER DATABASE "borrowed" OWNER TO "visitor";) or GRANT CREATE ON DATABASE "borrowed" TO "visitor"; (README, "External PostgreSQL")`);
    const c = new pg.Client({ connectionString: cluster.url.replace(/\/[^/]*$/, "/borrowed") });
    await c.connect();
    const { rows } = await c.query("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'");
    await c.end();
    expect(rows[0].n).toBe(0);
  }, 60_000);

  it("a role without privileges on the schema: one line naming DATABASE_URL and the fix", async () => {
    await asSuperuser("borrowed", ["REVOKE ALL ON SCHEMA public FROM visitor", "GRANT CREATE ON DATABASE borrowed TO visitor"]);
    const line = oneLine(await start(`postgresql://visitor:visitor-pw@${host}/borrowed`));
    expect(line).toMatch(/^\[registry\] DATABASE_URL: user "visitor" lacks a privilege in database "borrowed" \(permission denied for schema public\): the registry's user must own the database/);
  }, 60_000);
});
