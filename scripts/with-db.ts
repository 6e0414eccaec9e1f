// `npm run dev` (and any command that needs the database): prepares it
// (lib/db/bootstrap), then runs the given command from node_modules/.bin with
// DATABASE_URL set, and stops the embedded PostgreSQL it started when that command
// exits. `npm start` is scripts/start.ts.
import path from "node:path";
import { runWithDatabase } from "./lib/run-with-database";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-db <command> [args...]");
  process.exit(2);
}
await runWithDatabase({ command: { bin: path.join(process.cwd(), "node_modules", ".bin", cmd), args } });
