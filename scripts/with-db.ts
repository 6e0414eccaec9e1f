// `npm run dev` / `npm start`: prepares the database (lib/db/bootstrap), then runs
// the given command (next dev / next start) with DATABASE_URL set, and stops the
// embedded PostgreSQL it started when that command exits.
import { spawn } from "node:child_process";
import path from "node:path";
import { prepareDatabase } from "../lib/db/bootstrap";

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error("usage: with-db <command> [args...]");
  process.exit(2);
}

process.env.NEXT_TELEMETRY_DISABLED = "1";
const prepared = await prepareDatabase();
const bin = path.join(process.cwd(), "node_modules", ".bin", cmd);
const child = spawn(bin, args, { stdio: "inherit", env: process.env });

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
child.on("exit", (code, signal) => {
  if (prepared.cluster?.started) {
    console.log("[registry] stopping embedded PostgreSQL");
    prepared.cluster.stop();
  }
  process.exit(code ?? (signal ? 1 : 0));
});
