import "server-only";
import { fileDigestList } from "../../archive";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { translateDbError } from "../errors";
import { checkStoredFiles } from "./check-stored-files";
import { markCheckpointIntegrity } from "./mark-checkpoint-integrity";
import {
  HEARTBEAT_MS, MAX_PROBLEMS, adminOnly, startStorageVerification, toRun, type TStorageProblem, type TStorageVerification,
} from "./storage-verification-runs";

export type VerifyProgress = { checkpointsDone: number; checkpointsTotal: number; bytesDone: number; bytesTotal: number; problems: TStorageProblem[] };

/**
 * Re-hashes every stored checkpoint that has recorded digests and compares the
 * files with them (docs/decisions/072-storage-verify-runs.md). Each checkpoint found
 * changed, missing files or holding extra ones is marked corrupt (and no longer served);
 * one found intact again is cleared. The run's progress is written to its row every
 * few seconds, so every instance's admin page shows it; `onProgress` gets the same.
 */
export async function runStorageVerification({ actor, runId, onProgress }: {
  actor: Actor;
  runId: number;
  onProgress?: (p: VerifyProgress, problem?: TStorageProblem) => void;
}): Promise<TStorageVerification> {
  const who = adminOnly(actor);
  const [totals] = await db().$queryRaw<{ n: number; bytes: bigint | null }[]>`
    SELECT count(*)::int AS n, sum((SELECT COALESCE(sum(value::bigint), 0) FROM jsonb_each_text(resources)))::bigint AS bytes
    FROM checkpoints WHERE manifest_digest IS NOT NULL`.catch(translateDbError);
  const p: VerifyProgress = { checkpointsDone: 0, checkpointsTotal: totals.n, bytesDone: 0, bytesTotal: Number(totals.bytes ?? 0), problems: [] };
  let corrupt = 0;
  const save = (extra: object = {}) => db().storageVerification.update({
    where: { id: runId },
    data: {
      heartbeatAt: new Date(), checkpointsTotal: p.checkpointsTotal, checkpointsDone: p.checkpointsDone,
      bytesTotal: p.bytesTotal, bytesDone: p.bytesDone, corruptCheckpoints: corrupt, problems: p.problems.slice(0, MAX_PROBLEMS), ...extra,
    },
  });
  await save();
  // A heartbeat even while one large file is hashed, so no one takes the run for dead.
  const beat = setInterval(() => void save().catch(() => {}), HEARTBEAT_MS);
  try {
    for await (const row of checkpointsWithDigests()) {
      const recorded = fileDigestList(row.resources as Record<string, number>, (row.fileDigests ?? {}) as Record<string, string>);
      const problems = await checkStoredFiles(row.uuid, recorded, (n) => {
        p.bytesDone += n;
        onProgress?.(p);
      }).catch((err: Error) => {
        throw new Error(`Checkpoint ${row.uuid} could not be checked: ${err.message}`);
      });
      // Checkpoints completed since the totals were taken are checked too.
      p.checkpointsTotal = Math.max(p.checkpointsTotal, p.checkpointsDone + 1);
      await markCheckpointIntegrity({ actor: who, uuid: row.uuid, problems });
      if (problems.length) corrupt++;
      p.checkpointsDone++;
      for (const f of problems) {
        const problem = { uuid: row.uuid, experimentId: row.experimentId, ...f };
        if (p.problems.length < MAX_PROBLEMS) p.problems.push(problem);
        onProgress?.(p, problem);
      }
      onProgress?.(p);
    }
    clearInterval(beat);
    return toRun(await save({ status: "DONE", finishedAt: new Date() }));
  } catch (err) {
    clearInterval(beat);
    await save({ status: "FAILED", finishedAt: new Date(), error: (err as Error).message.slice(0, 1000) }).catch(() => {});
    throw err;
  }
}

/** Every checkpoint with recorded digests, 200 at a time in uuid order (memory stays flat for any count). */
async function* checkpointsWithDigests() {
  let after: string | undefined;
  for (;;) {
    const page = await db().checkpoint.findMany({
      where: { manifestDigest: { not: null }, ...(after ? { uuid: { gt: after } } : {}) },
      select: { uuid: true, resources: true, fileDigests: true, experimentId: true },
      orderBy: { uuid: "asc" },
      take: 200,
    }).catch(translateDbError);
    yield* page;
    if (page.length < 200) return;
    after = page[page.length - 1].uuid;
  }
}

/** Starts a run and carries it out in this process: what `npm run storage:verify` does. */
export async function verifyStorage({ actor, onProgress }: {
  actor: Actor;
  onProgress?: (p: VerifyProgress, problem?: TStorageProblem) => void;
}): Promise<TStorageVerification> {
  const run = await startStorageVerification({ actor });
  return runStorageVerification({ actor, runId: run.id, onProgress });
}

/**
 * Starts a run and carries it out in the background of this server process (the
 * admin page's button): returns once the run is claimed; its progress and outcome are
 * in its row, which any instance reads.
 */
export async function startStorageVerificationInBackground({ actor, log }: { actor: Actor; log: (line: string) => void }): Promise<TStorageVerification> {
  const run = await startStorageVerification({ actor });
  log(`storage verification ${run.id} started by ${run.startedBy}`);
  void runStorageVerification({ actor, runId: run.id }).then(
    (done) => log(`storage verification ${run.id} done: ${done.checkpointsDone} checkpoints, ${done.corruptCheckpoints} corrupt`),
    (err) => log(`storage verification ${run.id} failed: ${(err as Error).message}`),
  );
  return run;
}
