// `npm run storage:migrate -- --to <storage> [--dry-run]`: copies every completed
// checkpoint to another storage (s3://bucket/prefix, a file: URL or a folder), verifies
// each copy against its recorded SHA-256 digests, and switches each checkpoint over as
// soon as its copy is verified, while the registry keeps serving
// (docs/decisions/096-storage-migration.md). Safe to interrupt and run again: it
// continues with what is left. Old files are kept.
// Exit code: 0 everything is at the target, 1 some checkpoints failed (listed), 2 the run could not start or broke off.
// Uses the database and storage `npm start` uses (DATABASE_URL, MREG_DATA_DIR, MREG_STORAGE_URL / MREG_STORAGE_DIR).
import { parseArgs } from "node:util";
import { prepareDatabase } from "../lib/db/bootstrap";
import { describeStartupError } from "../lib/db/startup-errors";
import { formatBytes } from "../lib/format";
import { ProgressLine } from "./progress-line";

const USAGE = "usage: npm run storage:migrate -- --to <s3://bucket/prefix | file:///path | /path> [--dry-run]";
let args: { to?: string; "dry-run"?: boolean; help?: boolean };
try {
  args = parseArgs({ options: { to: { type: "string" }, "dry-run": { type: "boolean" }, help: { type: "boolean", short: "h" } } }).values;
} catch (err) {
  console.error(`[storage:migrate] ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.to) {
  console.error(`[storage:migrate] --to is required: where the checkpoints go.\n${USAGE}`);
  process.exit(2);
}
const dryRun = Boolean(args["dry-run"]);

process.env.MREG_DEMO_DATA = "0";
const external = Boolean(process.env.DATABASE_URL);
const { cluster } = await prepareDatabase({ log: () => {} }).catch((err) => {
  console.error(`[storage:migrate] ${describeStartupError(err, process.env.DATABASE_URL, external)}`);
  process.exit(2);
});
const { migrateStorage, systemActor, openStorage } = await import("../lib/registry");
const { db } = await import("../lib/db/client");

let code = 0;
const progress: { bar: ProgressLine | null } = { bar: null };
try {
  const target = openStorage(args.to);
  const started = Date.now();
  const result = await migrateStorage({
    actor: await systemActor("storage migrate"),
    to: args.to,
    dryRun,
    onBytes: (n) => progress.bar?.bytes(n),
    onStep: (s) => {
      if (s.outcome === "would-copy") {
        console.log(`would copy ${s.uuid} ${formatBytes(s.bytes)} from ${s.from}`);
        return;
      }
      const line = s.outcome === "failed" ? `FAILED ${s.uuid}: ${s.error}` : `${s.outcome} ${s.uuid} ${formatBytes(s.bytes)}`;
      const bar = progress.bar;
      if (bar?.enabled) {
        if (s.outcome === "failed") bar.log(line, process.stderr);
        bar.item();
      } else if (s.outcome === "failed") console.error(line);
      else console.log(line);
    },
    // The plan's totals are known before the first copy: the bar starts then.
    onPlan: (p) => {
      if (dryRun) return;
      console.log(`Moving ${p.checkpoints} checkpoint(s), ${formatBytes(p.bytes)}, to ${target.location}.`);
      progress.bar = new ProgressLine(p.bytes, p.checkpoints);
    },
  });
  progress.bar?.clear();
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (dryRun) {
    console.log(`Dry run: ${result.planned.checkpoints} checkpoint(s), ${formatBytes(result.planned.bytes)}, would be copied to ${result.target}. Nothing was changed.`);
  } else if (result.failed.length) {
    console.error(`${result.moved} checkpoint(s) moved to ${result.target}, ${result.failed.length} failed (listed above; they are still read from where they were); ${secs} s. Fix the cause and run the migration again.`);
    code = 1;
  } else {
    console.log(`Done: ${result.moved} checkpoint(s), ${formatBytes(result.movedBytes)}, now read from ${result.target}; ${secs} s.`);
    console.log(`Next: set MREG_STORAGE_URL=${args.to} on every instance and restart them, so new uploads go there too; then run this again to move what was uploaded meanwhile.`);
  }
} catch (err) {
  progress.bar?.clear();
  console.error(`[storage:migrate] failed: ${(err as Error).message}`);
  code = 2;
}
await db().$disconnect();
if (cluster?.started) cluster.stop();
process.exit(code);
