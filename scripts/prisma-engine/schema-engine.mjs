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
  } catch {
    // not a JSON log line: forwarded as it is
  }
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

// ---------------------------------------------------------------- extensions and the shadow database
//
// The wasm engine describes its shadow database without the preview features
// of the Prisma schema, so with `postgresqlExtensions` the schema built from the
// migration history never has extensions: every new migration would repeat
// `CREATE EXTENSION IF NOT EXISTS ...` (and `migrate dev` would never be in
// sync). The native engine knows them. We drop those steps again for extensions
// that an earlier migration already creates.

const EXTENSION_IN_SQL = /CREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"((?:[^"]|"")+)"|([A-Za-z_][\w$]*))/gi;

function extensionsInHistory(migrationsList) {
  const names = new Set();
  for (const dir of migrationsList?.migrationDirectories ?? []) {
    const content = dir?.migrationFile?.content;
    if (content?.tag !== "ok") continue;
    for (const m of content.value.matchAll(EXTENSION_IN_SQL)) names.add(m[1] ? m[1].replaceAll('""', '"') : m[2].toLowerCase());
  }
  return names;
}

const EMPTY_SCRIPT = "-- This is an empty migration.\n";
const EMPTY_SUMMARY = "No difference detected.\n";

/** Removes the engine's CreateExtension (or DropExtension) steps for the given extensions from a script. */
function stripExtensionSteps(script, names, kind = "Create") {
  const stepRe =
    kind === "Create"
      ? /-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS "((?:[^"]|"")+)"[^\n]*;\n(?:\n(?=-- )|\n*$)/g
      : /-- DropExtension\nDROP EXTENSION "((?:[^"]|"")+)"[^\n]*;\n(?:\n(?=-- )|\n*$)/g;
  let removed = 0;
  const out = script.replace(stepRe, (step, name) => (names.has(name.replaceAll('""', '"')) ? (removed++, "") : step));
  return { script: out, removed, empty: out.trim() === "" };
}

/** Same for the human-readable summary ("[+] Added extensions\n  - pg_trgm\n"). */
function stripExtensionSummary(summary, names, kind = "Create") {
  const header = kind === "Create" ? "[+] Added extensions" : "[-] Removed extensions";
  let removed = 0;
  const escaped = header.replace(/[[\]+-]/g, "\\$&");
  const out = summary.replace(new RegExp(`${escaped}\\n((?:  - [^\\n]*\\n)+)\\n*`, "g"), (block, items) => {
    const kept = items.split("\n").filter((l) => l && !(names.has(l.slice(4)) && ++removed));
    return kept.length ? `${header}\n${kept.join("\n")}\n\n` : "";
  });
  return { script: out, removed, empty: out.trim() === "" };
}

function fixDiffOutput(params, result) {
  const side = params?.from?.tag === "migrations" ? "from" : params?.to?.tag === "migrations" ? "to" : null;
  if (!side || typeof result?.stdout !== "string") return result;
  const names = extensionsInHistory(params[side]);
  if (!names.size) return result;
  const kind = side === "from" ? "Create" : "Drop";
  const fixed = params.script ? stripExtensionSteps(result.stdout, names, kind) : stripExtensionSummary(result.stdout, names, kind);
  if (!fixed.removed) return result;
  if (fixed.empty) return { exitCode: 0, stdout: params.script ? EMPTY_SCRIPT : EMPTY_SUMMARY };
  return { ...result, stdout: fixed.script.replace(/\n+$/, "\n") };
}

function fixCreateMigrationOutput(input, result) {
  if (typeof result?.migrationScript !== "string") return result;
  const fixed = stripExtensionSteps(result.migrationScript, extensionsInHistory(input?.migrationsList));
  if (!fixed.removed) return result;
  if (fixed.empty) return { ...result, migrationScript: input?.draft ? EMPTY_SCRIPT : null };
  return { ...result, migrationScript: fixed.script.replace(/\n+$/, "\n") };
}

// ---------------------------------------------------------------- errors

function cleanMessage(message) {
  // wasm errors carry a span trace ("\n   0: schema_engine_wasm::...") after the message.
  return String(message ?? "").replace(/\n\s+0: schema_engine[\s\S]*$/, "").replace(/\s+$/, "");
}

function isPanic(e) {
  return e instanceof WebAssembly.RuntimeError || (panicMessage !== undefined && /unreachable|panic/i.test(String(e?.message)));
}

function toRpcError(e, forcePanic = false) {
  const panic = forcePanic || isPanic(e);
  const message = panic ? panicMessage ?? String(e?.message) : cleanMessage(e?.message ?? e);
  const data = { is_panic: panic, message, backtrace: panic ? String(e?.stack ?? "") : null };
  if (typeof e?.code === "string" && /^P\d{4}$/.test(e.code)) {
    data.error_code = e.code;
    data.meta = e.meta ?? {};
  }
  // The CLI shows error.message for panics, data.message (+ data.error_code) otherwise.
  return { code: 4466, message: panic ? message : "An error happened. Check the data field for details.", data };
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
  let stdinClosed = false;
  const pendingPrints = new Map();
  function print(content) {
    const id = `print-${++printId}`;
    return new Promise((resolve) => {
      if (stdinClosed) return resolve();
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
      try {
        await withClient(url, (c) => c.query(script)); // the whole script as one command, like the binary
      } catch (e) {
        throw withKnownCode(e, url);
      }
      return {};
    },
    async createMigration(params, method) {
      return fixCreateMigrationOutput(params, await (await getEngine(method, params)).createMigration(params));
    },
    async evaluateDataLoss(params, method) {
      const engine = await getEngine(method, params);
      const result = await engine.evaluateDataLoss(params);
      const names = extensionsInHistory(params?.migrationsList);
      if (!result?.migrationSteps || !names.size) return result;
      // Count the spurious CreateExtension steps in the migration the engine would generate
      // (same inputs, so its migration-history cache answers; nothing is written).
      const draft = await engine.createMigration({
        migrationName: "evaluate_data_loss",
        draft: true,
        migrationsList: params.migrationsList,
        schema: params.schema,
        filters: params.filters,
      });
      const { removed } = stripExtensionSteps(draft?.migrationScript ?? "", names);
      if (!removed) return result;
      // CreateExtension steps come first in a migration.
      const shift = (feedback) => feedback.map((f) => ({ ...f, stepIndex: Math.max(0, f.stepIndex - removed) }));
      return {
        ...result,
        migrationSteps: Math.max(0, result.migrationSteps - removed),
        warnings: shift(result.warnings ?? []),
        unexecutableSteps: shift(result.unexecutableSteps ?? []),
      };
    },
    async introspect(params, method) {
      const engine = await getEngine(method, params);
      // The wasm engine introspects with the preview features it last saw in a diff of the
      // configured datasource (none at start-up), so `db pull` would drop `extensions = [...]`.
      // A read-only diff of the datasource against itself hands it the schema's features.
      const files = params?.schema?.files ?? [];
      if (files.some((f) => /previewFeatures[^\n]*postgresqlExtensions/.test(f.content ?? ""))) {
        const target = { tag: "schemaDatasource", files, configDir: params.baseDirectoryPath ?? process.cwd() };
        await engine
          .diff({ from: target, to: target, script: false, exitCode: null, filters: { externalTables: [], externalEnums: [] } })
          .catch(() => {});
      }
      return engine.introspect(params);
    },
    async getDatabaseVersion(params, method) {
      return (await getEngine(method, params)).version(params ?? undefined);
    },
    async diff(params, method) {
      const result = fixDiffOutput(params, await (await getEngine(method, params)).diff(params));
      if (typeof result?.stdout === "string") await print(result.stdout);
      return { exitCode: result?.exitCode ?? 0 };
    },
  };

  let current; // id of the request being handled
  const crash = (e) => {
    // A wasm panic can surface outside the request's promise (in a callback).
    if (current !== undefined) out({ jsonrpc: "2.0", error: toRpcError(e, true), id: current });
    logLine("ERROR", `${panicMessage ?? e?.message ?? e}`, { is_panic: true }, "schema_engine::logger");
    exit(101);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);

  async function handle(req) {
    const { id, method, params } = req;
    current = id;
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
      if (isPanic(e)) exit(101); // the wasm instance is unusable after a panic, like a crashed binary
    } finally {
      current = undefined;
    }
  }

  let queue = Promise.resolve();
  let exiting = false;
  function exit(code) {
    if (exiting) return;
    exiting = true;
    try {
      engine?.free();
    } catch {
      // a panicked instance may refuse to be freed; the process is ending anyway
    }
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
    stdinClosed = true;
    for (const resolve of pendingPrints.values()) resolve(); // nobody left to answer
    pendingPrints.clear();
    queue.then(() => exit(0), crash); // a request that failed outside its own catch: as unhandledRejection would
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

