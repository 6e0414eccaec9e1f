// Stand-in for Prisma's native `schema-engine` binary, built on the same engine
// compiled to WebAssembly (@prisma/schema-engine-wasm) and @prisma/adapter-pg.
// Speaks the binary's interface as the Prisma 7 CLI uses it:
//
//   schema-engine --version
//   schema-engine [--datamodels <path>]... --datasource <json> [...]
//       line-delimited JSON-RPC 2.0 on stdin/stdout; JSON log lines on stderr;
//       exits 0 when stdin closes. `diff` output goes to the CLI as a `print`
//       request, as the binary does.
//   schema-engine --datasource <json> cli can-connect-to-database|create-database|drop-database
//       exit 0 on success; on failure exit 1 with JSON log lines on stderr (the
//       CLI skips the first line and reads {level:"ERROR", target:
//       "schema_engine::logger", fields:{error_code, message}}).
//
// Only PostgreSQL is supported. Set PRISMA_SCHEMA_ENGINE_BINARY to the real
// binary instead wherever it can be downloaded (prisma.config.ts only sets this
// shim when the variable is absent). See docs/decisions/002-offline-prisma-schema-engine.md.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { ShimPgFactory, parseUrl, quoteIdent, withClient, withDatabase } from "./pg-adapter.mjs";

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------- output

const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const logLine = (level, message, extra = {}, target = "schema_engine_cli") =>
  process.stderr.write(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target }) + "\n",
  );

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-V") args.version = true;
    else if (a === "--datamodels" || a === "-d") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types") i++;
    else if (a === "cli") args.cli = argv[++i] ?? "";
  }
  return args;
}

// ---------------------------------------------------------------- wasm engine

const wasmDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
let wasmModule;
let panicMessage;

async function loadWasm() {
  if (wasmModule) return wasmModule;
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      panicMessage = `RuntimeError: ${message}`;
    },
  };
  const bg = await import(path.join(wasmDir, "schema_engine_bg.js"));
  const compiled = await WebAssembly.compile(fs.readFileSync(path.join(wasmDir, "schema_engine_bg.wasm")));
  const instance = await WebAssembly.instantiate(compiled, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  wasmModule = bg;
  return bg;
}

function engineVersion() {
  // The wasm package's version is 8.1.0-<n>.<engine git hash>.
  const pkg = JSON.parse(fs.readFileSync(path.join(wasmDir, "package.json"), "utf8"));
  return pkg.version.split(".").at(-1);
}

const forward = (line) => {
  // Engine logs are the binary's stderr lines; keep INFO and above like RUST_LOG=info.
  try {
    const parsed = JSON.parse(line);
    if (["TRACE", "DEBUG"].includes(parsed.level) && !/debug|trace/i.test(process.env.RUST_LOG ?? "")) return;
  } catch {}
  process.stderr.write(String(line).replace(/\n+$/, "") + "\n");
};

async function createEngine(datamodels, factory) {
  const bg = await loadWasm();
  return bg.SchemaEngine.new({ datamodels }, forward, bindMigrationAwareSqlAdapterFactory(factory));
}

/**
 * Factory used when the database cannot be reached, for requests that never
 * touch it (e.g. `migrate diff --from-empty --to-schema`): the engine only probes
 * the server version when it starts.
 */
class OfflineFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";
  constructor(reason) {
    this.reason = reason;
  }
  adapter() {
    const fail = async () => {
      throw this.reason;
    };
    return {
      provider: "postgres",
      adapterName: "@prisma/adapter-pg",
      async queryRaw({ sql }) {
        if (/^SELECT EXISTS\(SELECT 1 FROM pg_namespace WHERE nspname = \$1\), version\(\)/.test(sql)) {
          return {
            columnNames: ["exists", "version", "numeric_version"],
            columnTypes: [5, 7, 0],
            rows: [[true, "PostgreSQL 16.0 (offline: no database connection)", 160000]],
          };
        }
        return fail();
      },
      executeRaw: fail,
      executeScript: fail,
      startTransaction: fail,
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      dispose: async () => {},
    };
  }
  async connect() {
    return this.adapter();
  }
  async connectToShadowDb() {
    throw this.reason;
  }
}

const OFFLINE_TAGS = new Set(["empty", "schemaDatamodel"]);
const isOfflineCapable = (method, params) =>
  method === "diff" && OFFLINE_TAGS.has(params?.from?.tag) && OFFLINE_TAGS.has(params?.to?.tag);

// ---------------------------------------------------------------- errors

function cleanMessage(message) {
  // wasm errors carry a span trace ("\n   0: schema_engine_wasm::...") after the message.
  return String(message ?? "").replace(/\n\s+0: schema_engine[\s\S]*$/, "").replace(/\s+$/, "");
}

function isPanic(e) {
  return e instanceof WebAssembly.RuntimeError || (panicMessage !== undefined && /unreachable|panic/i.test(String(e?.message)));
}

function toRpcError(e) {
  const panic = isPanic(e);
  const message = panic ? panicMessage ?? String(e?.message) : cleanMessage(e?.message ?? e);
  const data = { is_panic: panic, message, backtrace: panic ? String(e?.stack ?? "") : null };
  if (typeof e?.code === "string" && /^P\d{4}$/.test(e.code)) {
    data.error_code = e.code;
    data.meta = e.meta ?? {};
  }
  return { code: 4466, message: "An error happened. Check the data field for details.", data };
}

// pg / Node errors -> Prisma user-facing errors (messages as the binary prints them).
function knownError(e, url) {
  const { database, location, user } = parseUrl(url);
  const cause = e?.cause && typeof e.cause === "object" && e.cause.kind ? e.cause : undefined;
  const code = cause?.code ?? e?.code;
  if (["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"].includes(code) || cause?.kind === "DatabaseNotReachable")
    return {
      error_code: "P1001",
      message: `Can't reach database server at \`${location}\`\n\nPlease make sure your database server is running at \`${location}\`.`,
    };
  if (code === "ETIMEDOUT")
    return {
      error_code: "P1002",
      message: `The database server at \`${location}\` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at \`${location}\`.`,
    };
  if (code === "3D000")
    return {
      error_code: "P1003",
      message: `Database \`${database}\` does not exist on the database server at \`${location}\`.`,
    };
  if (code === "28P01" || code === "28000")
    return {
      error_code: "P1000",
      message: `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at the configured address.`,
    };
  if (code === "42P04")
    return {
      error_code: "P1009",
      message: `Database \`${database}\` already exists on the database server at \`${location}\``,
    };
  if (code === "42501")
    return { error_code: "P1010", message: `User \`${user}\` was denied access on the database \`${database}\`` };
  return { message: String(e?.message ?? e) };
}

// ---------------------------------------------------------------- database-level commands (no wasm)

async function canConnect(url) {
  await withClient(url, (c) => c.query("SELECT 1"));
}

/** Runs `fn` on the server's maintenance database (postgres, then template1). */
async function onMaintenanceDb(url, fn) {
  try {
    return await withClient(withDatabase(url, "postgres"), fn);
  } catch (e) {
    if ((e?.cause?.code ?? e?.code) !== "3D000") throw e;
    return withClient(withDatabase(url, "template1"), fn);
  }
}

async function createDatabase(url) {
  const { database } = parseUrl(url);
  await onMaintenanceDb(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  return database;
}

async function dropDatabase(url) {
  const { database } = parseUrl(url);
  await onMaintenanceDb(url, (c) => c.query(`DROP DATABASE ${quoteIdent(database)}`));
  return database;
}

async function runCli(command, datasource) {
  logLine("INFO", "Starting schema engine CLI", { git_hash: engineVersion() });
  const url = datasource?.url;
  try {
    if (!url) throw new Error("The `--datasource` argument with a `url` is required.");
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error("This schema-engine shim only supports PostgreSQL URLs.");
    switch (command) {
      case "can-connect-to-database":
        await canConnect(url);
        process.stdout.write("Connection successful\n");
        break;
      case "create-database":
        process.stdout.write(`Database '${await createDatabase(url)}' was successfully created.\n`);
        break;
      case "drop-database":
        process.stdout.write(`The database '${await dropDatabase(url)}' was successfully dropped.\n`);
        break;
      default:
        throw new Error(`Unknown cli command: ${command}`);
    }
    return 0;
  } catch (e) {
    const { error_code, message } = knownError(e, url);
    logLine("ERROR", message, error_code ? { error_code } : {}, "schema_engine::logger");
    return 1;
  }
}

// ---------------------------------------------------------------- JSON-RPC server

async function runRpc(args) {
  const datasource = args.datasource ?? {};
  const datamodels = args.datamodels.length
    ? args.datamodels.map((p) => [p, fs.readFileSync(path.resolve(p), "utf8")])
    : undefined;
  const factory = () => new ShimPgFactory({ url: datasource.url, shadowDatabaseUrl: datasource.shadowDatabaseUrl });

  let engine; // created on the first request that needs it
  async function getEngine(method, params) {
    if (engine) return engine;
    try {
      engine = await createEngine(datamodels, factory());
      return engine;
    } catch (e) {
      if (!isOfflineCapable(method, params)) throw withKnownCode(e, datasource.url);
      return createEngine(datamodels, new OfflineFactory(e)); // not cached: retry the real database next time
    }
  }

  let printId = 0;
  const pendingPrints = new Map();
  function print(content) {
    const id = `print-${++printId}`;
    return new Promise((resolve) => {
      pendingPrints.set(id, resolve);
      out({ jsonrpc: "2.0", method: "print", params: { content }, id });
    });
  }

  const jsHandlers = {
    async createDatabase(params) {
      const url = params?.datasource?.url ?? datasource.url;
      return { databaseName: await createDatabase(url) };
    },
    async dbExecute({ datasourceType, script }) {
      const url = datasourceType?.tag === "url" ? datasourceType.url : datasource.url;
      await withClient(url, (c) => c.query(script)); // the whole script as one command, like the binary
      return {};
    },
    async getDatabaseVersion(params, method) {
      return (await getEngine(method, params)).version(params ?? undefined);
    },
    async diff(params, method) {
      const result = await (await getEngine(method, params)).diff(params);
      if (typeof result?.stdout === "string") await print(result.stdout);
      return { exitCode: result?.exitCode ?? 0 };
    },
  };

  async function handle(req) {
    const { id, method, params } = req;
    try {
      let result;
      if (jsHandlers[method]) {
        result = await jsHandlers[method](params, method);
      } else {
        const e = await getEngine(method, params);
        if (typeof e[method] !== "function" || method === "free" || method.startsWith("__"))
          throw new Error(`Method \`${method}\` is not supported by the wasm schema engine shim.`);
        result = await e[method](params ?? {});
      }
      out({ jsonrpc: "2.0", result: result ?? {}, id });
    } catch (e) {
      out({ jsonrpc: "2.0", error: toRpcError(e), id });
      if (isPanic(e)) await exit(101); // the wasm instance is unusable after a panic, like a crashed binary
    }
  }

  let queue = Promise.resolve();
  let exiting = false;
  async function exit(code) {
    if (exiting) return;
    exiting = true;
    try {
      engine?.free();
    } catch {}
    process.stdout.write("", () => process.exit(code));
  }

  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      out({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
      return;
    }
    if (msg.method === undefined && pendingPrints.has(msg.id)) {
      pendingPrints.get(msg.id)();
      pendingPrints.delete(msg.id);
      return;
    }
    queue = queue.then(() => handle(msg)); // one request at a time, like one engine connection
  });
  rl.on("close", () => {
    queue.then(() => exit(0));
  });
}

function withKnownCode(e, url) {
  if (typeof e?.code === "string" && /^P\d{4}$/.test(e.code)) return e;
  const known = url ? knownError(e, url) : {};
  if (!known.error_code) return e;
  const err = new Error(known.message);
  err.code = known.error_code;
  return err;
}

// ---------------------------------------------------------------- main

const args = parseArgs(process.argv.slice(2));
if (args.version) {
  process.stdout.write(`schema-engine-cli ${engineVersion()}\n`);
} else if (args.cli !== undefined) {
  process.exitCode = await runCli(args.cli, args.datasource);
} else {
  await runRpc(args);
}

