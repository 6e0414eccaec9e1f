// PostgreSQL driver-adapter factory for the wasm schema engine.
//
// Wraps @prisma/adapter-pg 7.10.1 and fixes the gaps it has when used by the
// schema engine (see docs/decisions/002-offline-prisma-schema-engine.md):
//   1. Postgres type "char" (OID 18) is not mapped to a column type (the engine
//      reads catalog columns such as pg_constraint.contype as Character), nor are
//      some other catalog types -> "char" columns are reported as Character, the
//      other unmapped built-in types as text.
//   2. executeScript splits on ";" (breaks $$ bodies, strings containing ";")
//      -> the whole script is sent as one simple-protocol query, as the native
//      engine does.
//   3. connectToShadowDb keeps the main connectionString, so the "shadow"
//      database would be the main one -> we build a real connection string for
//      a freshly created database (or use the configured shadowDatabaseUrl).
//   4. the shadow database is dropped before its pool is closed -> we close
//      the pool first, then drop it.
// One pool of one connection per database, never idle-closed: the engine sees a
// single session, like the native binary (advisory locks stay on one session).
import crypto from "node:crypto";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { DriverAdapterError } from "@prisma/driver-adapter-utils";

// Column OIDs that @prisma/adapter-pg 7.10.1 maps (src/conversion.ts). Any other
// built-in type (< 16384) makes it throw UnsupportedNativeDataType; we hand it
// over as text instead (the text-format value is what the engine expects).
const MAPPED_OIDS = new Set([
  16, 17, 19, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1266,
  1560, 1562, 1700, 2950, 3802,
  // arrays
  143, 199, 651, 791, 1000, 1001, 1002, 1005, 1007, 1009, 1014, 1015, 1016, 1021, 1022, 1028, 1041, 1115, 1182,
  1183, 1185, 1231, 1561, 1563, 2951, 3807,
]);
const CHAR_OID = 18;
const TEXT_OID = 25;
const COLUMN_TYPE_CHARACTER = 6; // ColumnTypeEnum.Character in @prisma/driver-adapter-utils
const ORIGINAL_OID = Symbol("originalOid");
const CHAR_COLUMNS = Symbol("charColumns");
const TEXT_ARRAY_OID = 1009;
// Arrays of unmapped built-in element types the catalog queries may return.
const UNMAPPED_ARRAYS = new Set([1003 /* name[] */, 1006 /* int2vector[] */, 1013 /* oidvector[] */, 1034 /* aclitem[] */]);

let patched = false;
function patchResultTypes() {
  if (patched) return;
  patched = true;
  const addFields = pg.Result.prototype.addFields;
  pg.Result.prototype.addFields = function (fieldDescriptions) {
    for (const field of fieldDescriptions) {
      const oid = field.dataTypeID;
      if (oid < 16384 && !MAPPED_OIDS.has(oid)) {
        field[ORIGINAL_OID] = oid;
        field.dataTypeID = UNMAPPED_ARRAYS.has(oid) ? TEXT_ARRAY_OID : TEXT_OID;
      }
    }
    return addFields.call(this, fieldDescriptions);
  };
}

/** Splits Prisma-only URL parameters off a connection string. */
export function parseUrl(url) {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  for (const p of ["schema", "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "socket_timeout"]) {
    u.searchParams.delete(p);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  const host = u.searchParams.get("host") ?? (u.hostname || "localhost");
  const location = host.startsWith("/") ? host : `${u.hostname || "localhost"}:${u.port || 5432}`;
  return { connectionString: u.toString(), schema, database, location, user: decodeURIComponent(u.username) };
}

export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

export const quoteIdent = (name) => `"${String(name).replaceAll('"', '""')}"`;

function driverError(e) {
  if (e instanceof DriverAdapterError) return e;
  if (e && typeof e.code === "string" && typeof e.severity === "string") {
    return new DriverAdapterError({
      kind: "postgres",
      code: e.code,
      severity: e.severity,
      message: e.message,
      detail: e.detail,
      column: e.column,
      hint: e.hint,
    });
  }
  if (e && ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"].includes(e.code)) {
    return new DriverAdapterError({ kind: "DatabaseNotReachable", host: e.address ?? e.hostname, port: e.port });
  }
  return e;
}

/** An adapter (PrismaPgAdapter) on its own single-connection pool. */
async function connectAdapter(url, onDispose) {
  patchResultTypes();
  const { connectionString, schema } = parseUrl(url);
  const pool = new pg.Pool({ connectionString, max: 1, idleTimeoutMillis: 0 });
  pool.on("error", () => {});
  const factory = new PrismaPg(pool, { schema, disposeExternalPool: true });
  const adapter = await factory.connect();
  const executeScript = async (script) => {
    try {
      await pool.query(script); // simple query protocol: the whole script, one implicit transaction
    } catch (e) {
      throw driverError(e);
    }
  };
  // Report "char" columns as Character: performIO sees the pg result's fields,
  // queryRaw (which calls it with the same query object) returns the column types.
  const performIO = adapter.performIO.bind(adapter);
  adapter.performIO = async (query) => {
    const result = await performIO(query);
    const charColumns = (result?.fields ?? []).flatMap((f, i) => (f[ORIGINAL_OID] === CHAR_OID ? [i] : []));
    if (charColumns.length) query[CHAR_COLUMNS] = charColumns;
    return result;
  };
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of query[CHAR_COLUMNS] ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER;
    return result;
  };
  const dispose = adapter.dispose.bind(adapter);
  adapter.executeScript = executeScript;
  adapter.dispose = async () => {
    await dispose();
    await onDispose?.();
  };
  return adapter;
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: parseUrl(url).connectionString });
  client.on("error", () => {});
  try {
    await client.connect();
    return await fn(client);
  } catch (e) {
    throw driverError(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * SqlMigrationAwareDriverAdapterFactory for the schema engine (pass it through
 * bindMigrationAwareSqlAdapterFactory before handing it to the wasm engine).
 */
export class ShimPgFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  constructor({ url, shadowDatabaseUrl }) {
    this.url = url;
    this.shadowDatabaseUrl = shadowDatabaseUrl || undefined;
  }

  connect() {
    return connectAdapter(this.url);
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) {
      const main = parseUrl(this.url);
      const shadow = parseUrl(this.shadowDatabaseUrl);
      if (main.location === shadow.location && main.database === shadow.database) {
        // A DriverAdapterError, so the engine shows the message (plain errors become "External error id#0").
        throw new DriverAdapterError({
          kind: "postgres",
          code: "N/A",
          severity: "ERROR",
          message:
            "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
        });
      }
      // Like the native engine: an explicitly configured shadow database is reset before use.
      await withClient(this.shadowDatabaseUrl, (c) => resetDatabase(c));
      return connectAdapter(this.shadowDatabaseUrl);
    }
    const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
    await withClient(this.url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    const shadowUrl = withDatabase(this.url, name);
    try {
      // The pool is ended by dispose() before the database is dropped.
      return await connectAdapter(shadowUrl, () =>
        withClient(this.url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`)),
      );
    } catch (e) {
      await withClient(this.url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`)).catch(() => {});
      throw e;
    }
  }
}

/** Drops every non-system schema and recreates "public" (shadow database reset). */
async function resetDatabase(client) {
  const { rows } = await client.query(
    `SELECT nspname FROM pg_namespace
      WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
        AND nspowner = (SELECT datdba FROM pg_database WHERE datname = current_database())
         OR nspname = 'public'`,
  );
  for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(nspname)} CASCADE`);
  await client.query(`CREATE SCHEMA IF NOT EXISTS "public"`);
}

export { withClient, driverError };
