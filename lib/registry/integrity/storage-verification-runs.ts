import "server-only";
import crypto from "node:crypto";
import os from "node:os";
import { db } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import { RegistryError } from "../errors";
import { edge } from "../edge";
import { write } from "../write";

/** A heartbeat older than this means the run's process is gone (killed, crashed, redeployed). */
export const STALE_AFTER_SECONDS = 60;
export const HEARTBEAT_MS = 5_000;
/** How many problems a run keeps for the admin page; the checkpoints keep all of theirs. */
export const MAX_PROBLEMS = 500;

export type TStorageProblem = { uuid: string; experimentId: number | null; path: string; problem: "missing" | "changed" | "extra" };
export type TStorageVerification = {
  id: number;
  /** RUNNING, DONE, FAILED, or INTERRUPTED (its process stopped without finishing). */
  status: "RUNNING" | "DONE" | "FAILED" | "INTERRUPTED";
  startedBy: string;
  instance: string;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
  checkpointsTotal: number;
  checkpointsDone: number;
  bytesTotal: number;
  bytesDone: number;
  corruptCheckpoints: number;
  problems: TStorageProblem[];
  error: string;
};

const thisInstance = `${os.hostname()}.${process.pid}.${crypto.randomBytes(3).toString("hex")}`;

export function adminOnly(actor: Actor): Actor {
  const who = signedIn(actor);
  if (!who.admin) throw new RegistryError("FORBIDDEN", "Only administrators can verify the checkpoint storage.");
  return who;
}

/**
 * Claims the one RUNNING slot (a partial unique index) for a new run and returns it. A
 * RUNNING run whose heartbeat stopped is closed as INTERRUPTED first, so a crash
 * never blocks verification for good; a live one makes this a CONFLICT.
 */
export async function startStorageVerification({ actor }: { actor: Actor }): Promise<TStorageVerification> {
  const who = adminOnly(actor);
  return write({ actor: who, violations: { unique: "A storage verification is already running; wait for it to finish (the admin page shows its progress)." } }, async ({ tx }) => {
    await tx.$executeRaw`
      UPDATE storage_verifications SET status = 'INTERRUPTED', finished_at = now(),
        error = 'Its process stopped before it finished (no heartbeat for ' || ${STALE_AFTER_SECONDS}::int || ' seconds).'
      WHERE status = 'RUNNING' AND heartbeat_at < now() - make_interval(secs => ${STALE_AFTER_SECONDS}::int)`;
    const row = await tx.storageVerification.create({ data: { startedBy: who.system ? `${who.username} (${who.system})` : who.username, instance: thisInstance } });
    return toRun(row);
  });
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["storageVerification"]["create"]>>;

export function toRun(row: Row): TStorageVerification {
  const stale = row.status === "RUNNING" && Date.now() - row.heartbeatAt.getTime() > STALE_AFTER_SECONDS * 1000;
  return {
    ...row,
    status: stale ? "INTERRUPTED" : (row.status as TStorageVerification["status"]),
    bytesTotal: Number(row.bytesTotal),
    bytesDone: Number(row.bytesDone),
    problems: row.problems as TStorageProblem[],
    error: stale && !row.error ? "Its process stopped before it finished." : row.error,
  };
}

/** The latest storage verification (any instance's, or the script's), or null if none ran. For administrators. */
export async function latestStorageVerification({ actor }: { actor: Actor }): Promise<TStorageVerification | null> {
  adminOnly(actor);
  return readLatest();
}

const readLatest = edge(async function readLatest() {
  const row = await db().storageVerification.findFirst({ orderBy: { id: "desc" } });
  return row ? toRun(row) : null;
});
