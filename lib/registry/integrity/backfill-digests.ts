import "server-only";
import { compareFiles, manifestDigest, type FileDigest } from "../../archive";
import { db } from "../../db/client";
import { systemActor, type Actor } from "../actor";
import { translateDbError } from "../errors";
import { checkpointStorage } from "../storage/checkpoint-location";
import { write } from "../write";
import { markCheckpointIntegrity } from "./mark-checkpoint-integrity";
import { adminOnly } from "./storage-verification-runs";

/** How long a claim holds checkpoints for one instance's backfill before another may take them. */
const CLAIM_MINUTES = 10;
/** Checkpoints per claim: few enough to hash within the claim, many enough that a registry of checkpoints without stored files is a few hundred statements. */
const CLAIM_BATCH = 100;

type Claimed = { uuid: string; resources: Record<string, number> };

/**
 * Takes the next completed checkpoints without digests that no other instance holds:
 * a claim that expires (so a crashed instance's work is taken over) under SKIP LOCKED
 * (so two instances never take the same row at the same moment).
 */
async function claimNext(): Promise<Claimed[]> {
  return db().$queryRaw<Claimed[]>`
    UPDATE checkpoints SET digests_claimed_until = now() + make_interval(mins => ${CLAIM_MINUTES}::int)
    WHERE uuid IN (
      SELECT uuid FROM checkpoints
      WHERE state = 'COMPLETED' AND manifest_digest IS NULL AND verified_at IS NULL
        AND (digests_claimed_until IS NULL OR digests_claimed_until < now())
      ORDER BY uuid LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING uuid::text AS uuid, resources`;
}

export type BackfillResult = { hashed: number; withoutFiles: number; corrupt: number; bytes: number };

/**
 * Gives the checkpoints stored before digests existed their digests
 * (docs/decisions/071-digest-backfill.md): each server runs it at start, in the
 * background, and instances share the work through row claims. The files as found are
 * taken for the registered ones, unless they disagree with the recorded sizes; then the
 * checkpoint is marked corrupt instead. A completed checkpoint without stored files
 * (reported with files kept elsewhere) is only marked as looked at.
 */
export async function backfillDigests({ actor, log = () => {} }: { actor: Actor; log?: (line: string) => void }): Promise<BackfillResult> {
  adminOnly(actor); // before the first claim: a refused call changes nothing
  const result: BackfillResult = { hashed: 0, withoutFiles: 0, corrupt: 0, bytes: 0 };
  try {
    const [{ n }] = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM checkpoints WHERE state = 'COMPLETED' AND manifest_digest IS NULL AND verified_at IS NULL`;
    if (n) log(`digest backfill: ${n} checkpoint${n === 1 ? "" : "s"} without digests`);
    let lastLog = Date.now();
    for (let batch = await claimNext(); batch.length; batch = await claimNext()) {
      const withFiles: Claimed[] = [];
      const without: string[] = [];
      for (const c of batch) {
        if (await (await checkpointStorage(c.uuid)).exists(c.uuid)) withFiles.push(c);
        else without.push(c.uuid);
      }
      // Reported with their files kept elsewhere: looked at, nothing to hash (one statement for the batch).
      if (without.length) {
        await db().checkpoint.updateMany({ where: { uuid: { in: without }, manifestDigest: null }, data: { verifiedAt: new Date(), digestsClaimedUntil: null } });
        result.withoutFiles += without.length;
      }
      for (const c of withFiles) {
        // One checkpoint that cannot be hashed (an unreadable file) must not stop the rest;
        // its claim lapses and a later start tries it again.
        await backfillOne(actor, c, result).catch((err: Error) => log(`digest backfill: checkpoint ${c.uuid} not hashed: ${err.message}`));
        if (Date.now() - lastLog > 5_000) {
          lastLog = Date.now();
          log(`digest backfill: ${result.hashed + result.withoutFiles + result.corrupt} of ${n} done (${(result.bytes / 2 ** 20).toFixed(0)} MiB hashed)`);
        }
      }
    }
    if (n) log(`digest backfill done: ${result.hashed} hashed, ${result.corrupt} corrupt, ${result.withoutFiles} without stored files`);
    return result;
  } catch (err) {
    translateDbError(err);
  }
}

async function backfillOne(actor: Actor, { uuid, resources }: Claimed, result: BackfillResult): Promise<void> {
  const found = await (await checkpointStorage(uuid)).hashFiles(uuid, (n) => (result.bytes += n));
  const sizes: FileDigest[] = Object.entries(resources).map(([p, size]) => ({ path: p, size: Number(size), sha256: "" }));
  // Only sizes were recorded: compare those, and the set of files.
  const problems = compareFiles(sizes, found.map((f) => ({ ...f, sha256: "" })));
  if (problems.length) {
    await markCheckpointIntegrity({ actor, uuid, problems });
    await db().checkpoint.updateMany({ where: { uuid }, data: { verifiedAt: new Date(), digestsClaimedUntil: null } });
    result.corrupt++;
    return;
  }
  const digest = manifestDigest(found);
  await write({ actor }, async ({ tx, record }) => {
    // Conditional: a concurrent backfill that got here first (after a lapsed claim) wins, with the same values.
    const { count } = await tx.checkpoint.updateMany({
      where: { uuid, manifestDigest: null },
      data: { fileDigests: Object.fromEntries(found.map((f) => [f.path, f.sha256])), manifestDigest: digest, verifiedAt: new Date(), digestsClaimedUntil: null },
    });
    if (count) record({ objectType: "CHECKPOINT", objectId: uuid, objectKey: uuid, action: "UPDATE", changes: [{ field: "manifestDigest", before: null, after: digest }] });
  });
  result.hashed++;
}

/**
 * At server start: the backfill in the background, with its progress in the log. A
 * database that is not reachable yet is retried a few times, a minute apart.
 */
export function startDigestBackfill(log: (line: string) => void, attempt = 1): void {
  void (async () => {
    const actor = await systemActor("digest backfill");
    await backfillDigests({ actor, log });
  })().catch((err) => {
    log(`digest backfill stopped: ${(err as Error).message}${attempt < 5 ? "; trying again in a minute" : ""}`);
    if (attempt < 5) setTimeout(() => startDigestBackfill(log, attempt + 1), 60_000).unref();
  });
}
