import "server-only";
import { db } from "../../db/client";

/**
 * Of the given uuids, those whose stored objects must be kept: a checkpoint row that
 * holds files (COMPLETED) or one an upload is writing now (a live upload claim).
 * What the object-storage sweep asks before it removes anything (decision 092).
 */
export async function keptCheckpoints(uuids: string[]): Promise<Set<string>> {
  if (!uuids.length) return new Set();
  const rows = await db().$queryRaw<{ uuid: string }[]>`
    SELECT uuid::text AS uuid FROM checkpoints
    WHERE uuid = ANY(${uuids}::uuid[]) AND (state = 'COMPLETED' OR upload_claimed_until > now())`;
  return new Set(rows.map((r) => r.uuid));
}
