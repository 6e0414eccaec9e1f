// `npm start`: the registry as a service. Prepares the database (embedded PostgreSQL
// in .data unless DATABASE_URL is set), builds the production app when it is missing
// or out of date (scripts/lib/production-build.ts), then serves it on PORT (default
// 3000) on every interface (MREG_HOST narrows that) with scripts/serve.mjs.
import path from "node:path";
import { ensureBuild } from "./lib/production-build";
import { log, runWithDatabase } from "./lib/run-with-database";

await runWithDatabase({
  beforeServe: () => ensureBuild(log),
  command: { bin: process.execPath, args: [path.join(import.meta.dirname, "serve.mjs")] },
});
