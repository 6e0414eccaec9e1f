import "server-only";
import { db } from "../../db/client";

/** A completed checkpoint whose files are not yet at the migration's target. */
export type CheckpointToMove = {
  uuid: string;
  /** Its storage_location (null: the configured storage, where checkpoints stored before locations were recorded are). */
  location: string | null;
  bytes: number;
  resources: Record<string, number>;
  /** path -> SHA-256 recorded at upload (or by the backfill); null when none is recorded yet. */
  digests: Record<string, string> | null;
};

const PAGE = 500;

/**
 * Every completed checkpoint not at `target` (its recorded location differs; a null
 * location counts as `configured`), in uuid order, a page at a time: a re-run after an
 * interruption starts from what is still to move, and checkpoints completed while the
 * migration runs are picked up by a later page or the next run.
 */
export async function* checkpointsToMove(target: string, configured: string): AsyncGenerator<CheckpointToMove> {
  // A null location is the configured storage: nothing to move when that is the target.
  const nullIsThere = configured === target;
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db().$queryRaw<{ uuid: string; storage_location: string | null; size_bytes: bigint; resources: Record<string, number>; file_digests: Record<string, string> | null }[]>`
      SELECT uuid::text AS uuid, storage_location, size_bytes, resources, file_digests
      FROM checkpoints
      WHERE state = 'COMPLETED' AND uuid > ${after}::uuid
        AND (storage_location IS DISTINCT FROM ${target}) AND NOT (storage_location IS NULL AND ${nullIsThere})
      ORDER BY checkpoints.uuid LIMIT ${PAGE}`;
    for (const r of rows) {
      yield { uuid: r.uuid, location: r.storage_location, bytes: Number(r.size_bytes), resources: r.resources, digests: r.file_digests };
    }
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].uuid;
  }
}

/** How many completed checkpoints, and bytes, are to move to `target`: the plan's totals (one statement). */
export async function movePlanTotals(target: string, configured: string): Promise<{ checkpoints: number; bytes: number }> {
  const nullIsThere = configured === target;
  const [r] = await db().$queryRaw<{ n: bigint; bytes: bigint | null }[]>`
    SELECT count(*) AS n, sum(size_bytes)::bigint AS bytes FROM checkpoints
    WHERE state = 'COMPLETED' AND (storage_location IS DISTINCT FROM ${target}) AND NOT (storage_location IS NULL AND ${nullIsThere})`;
  return { checkpoints: Number(r.n), bytes: Number(r.bytes ?? 0) };
}
