// `npm run storage:verify`: re-hashes every stored checkpoint file and compares it
// with the SHA-256 recorded when it was uploaded (docs/decisions/072-storage-verify-runs.md).
// Prints progress and each corrupt or missing file; marks those checkpoints corrupt
// (they are then shown so and not served) and clears the mark of ones intact again.
// Exit code: 0 all intact, 1 corruption found, 2 the run itself failed.
// Uses the database and storage `npm start` uses (DATABASE_URL, MREG_DATA_DIR, MREG_STORAGE_DIR).
import { prepareDatabase } from "../lib/db/bootstrap";
import { describeStartupError } from "../lib/db/startup-errors";
import { formatBytes } from "../lib/format";

process.env.MREG_DEMO_DATA = "0";
const external = Boolean(process.env.DATABASE_URL);
const quiet = () => {};
const { cluster } = await prepareDatabase({ log: quiet }).catch((err) => {
  console.error(`[storage:verify] ${describeStartupError(err, process.env.DATABASE_URL, external)}`);
  process.exit(2);
});
const { systemActor, verifyStorage } = await import("../lib/registry");
const { db } = await import("../lib/db/client");

let code = 0;
try {
  const unhashed = await db().checkpoint.count({ where: { state: "COMPLETED", manifestDigest: null, verifiedAt: null } });
  if (unhashed) console.log(`${unhashed} completed checkpoint(s) have no digests yet; the server's start-up backfill records them, and the next run checks them.`);
  const started = Date.now();
  let last = 0;
  const line = (p: { checkpointsDone: number; checkpointsTotal: number; bytesDone: number; bytesTotal: number }) => {
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    return `checked ${p.checkpointsDone}/${p.checkpointsTotal} checkpoints, ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} (${formatBytes(p.bytesDone / secs)}/s)`;
  };
  const run = await verifyStorage({
    actor: await systemActor("storage verify"),
    onProgress: (p, problem) => {
      if (problem) console.log(`CORRUPT ${problem.uuid} ${JSON.stringify(problem.path)}: ${problem.problem}`);
      else if (Date.now() - last > 1000) {
        last = Date.now();
        console.log(line(p));
      }
    },
  });
  console.log(line(run));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (run.corruptCheckpoints) {
    console.log(`${run.corruptCheckpoints} of ${run.checkpointsTotal} checkpoint(s) are corrupt (marked so, and no longer served); ${secs} s.`);
    code = 1;
  } else {
    console.log(`All ${run.checkpointsTotal} checkpoint(s) intact; ${secs} s.`);
  }
} catch (err) {
  console.error(`[storage:verify] failed: ${(err as Error).message}`);
  code = 2;
}
await db().$disconnect();
if (cluster?.started) cluster.stop();
process.exit(code);
