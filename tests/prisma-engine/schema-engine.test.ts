// The offline schema engine (scripts/prisma-engine/schema-engine, the wasm engine
// behind the native binary's protocol) driven by the real Prisma CLI, on a fresh
// empty database of the test server: the committed migrations apply, Prisma sees
// them as up to date, and they produce exactly prisma/schema.prisma — both as
// applied to the database and as replayed on a shadow database.
// See docs/decisions/002-offline-prisma-schema-engine.md.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const prismaBin = path.join(root, "node_modules/prisma/build/index.js");
const shim = path.join(root, "scripts/prisma-engine/schema-engine");
const migrations = fs
  .readdirSync(path.join(root, "prisma/migrations"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

const database = `schema_engine_shim_${crypto.randomBytes(4).toString("hex")}`;
let serverUrl: URL; // the test server, maintenance database
let databaseUrl: string; // the fresh database under test

const withDatabase = (db: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
};

async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

type Run = { code: number; stdout: string; stderr: string };

/** Runs the Prisma CLI with the shim as its schema engine against the fresh database. */
async function prisma(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [prismaBin, ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        SHADOW_DATABASE_URL: "",
        PRISMA_SCHEMA_ENGINE_BINARY: shim,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
        NO_COLOR: "1",
      },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

const shadowDatabases = () =>
  sql<{ datname: string }>(
    serverUrl.toString(),
    "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
  ).then((rows) => rows.map((r) => r.datname));

beforeAll(async () => {
  serverUrl = new URL(inject("databaseUrl"));
  serverUrl.pathname = "/postgres";
  await sql(serverUrl.toString(), `CREATE DATABASE "${database}"`);
  databaseUrl = withDatabase(database);
});

afterAll(async () => {
  if (serverUrl) await sql(serverUrl.toString(), `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe("Prisma CLI with the offline schema engine", () => {
  it("reports the wasm engine's version", async () => {
    const { stdout } = await promisify(execFile)(shim, ["--version"]);
    expect(stdout).toMatch(/^schema-engine-cli [0-9a-f]{40}\n$/);
  });

  it("migrate deploy applies every committed migration to an empty database", async () => {
    const run = await prisma("migrate", "deploy");
    expect(run.stderr + run.stdout).toContain("All migrations have been successfully applied.");
    expect(run.code).toBe(0);

    const applied = await sql<{ migration_name: string; finished: boolean; rolled_back: boolean }>(
      databaseUrl,
      `SELECT migration_name, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations ORDER BY migration_name`,
    );
    expect(applied.map((m) => m.migration_name)).toEqual(migrations);
    expect(applied.every((m) => m.finished && !m.rolled_back)).toBe(true);
    // The init migration's extension and trigram indexes are really there.
    const trgm = await sql(databaseUrl, "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'");
    expect(trgm).toHaveLength(1);
    const indexes = await sql<{ indexdef: string }>(
      databaseUrl,
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'models_name_trgm_idx'",
    );
    expect(indexes[0]?.indexdef).toContain("gin_trgm_ops");
  });

  it("migrate status reports the database up to date", async () => {
    const run = await prisma("migrate", "status");
    expect(run.stdout).toContain(`${migrations.length} migration${migrations.length === 1 ? "" : "s"} found`);
    expect(run.stdout).toContain("Database schema is up to date!");
    expect(run.code).toBe(0);
  });

  it("the migrated database matches prisma/schema.prisma (migrate diff --exit-code)", async () => {
    const run = await prisma(
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "prisma/schema.prisma",
      "--exit-code",
    );
    expect(run.stdout).toContain("No difference detected.");
    expect(run.code).toBe(0); // 2 would mean the migrations and the schema differ
  });

  it("the migrations replayed on a shadow database match the schema too, and the shadow is dropped", async () => {
    const before = await shadowDatabases();
    const run = await prisma(
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema",
      "prisma/schema.prisma",
      "--script",
      "--exit-code",
    );
    expect(run.stdout).toContain("-- This is an empty migration.");
    expect(run.code).toBe(0);
    expect(await shadowDatabases()).toEqual(before);
  });
});
