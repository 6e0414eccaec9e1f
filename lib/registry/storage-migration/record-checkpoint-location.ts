import "server-only";
import type { Actor } from "../actor";
import { write } from "../write";

/** What recording the new location did: switched, or nothing because the checkpoint is gone or was moved meanwhile. */
export type SwitchOutcome = "switched" | "gone" | "moved-meanwhile";

/**
 * Points a checkpoint at its copy in `to`, in one row update, so every instance reads it
 * from there from the next request on (storage/checkpoint-location.ts). Only if it is
 * still where the copy was made from (`from`, null: the configured storage): the row
 * lock orders this against a concurrent delete, which reads the location under the
 * same lock and removes the files where they are then.
 */
export async function recordCheckpointLocation(
  { actor, uuid, from, to, fromLabel }: { actor: Actor; uuid: string; from: string | null; to: string; fromLabel: string },
): Promise<SwitchOutcome> {
  return write({ actor }, async ({ tx, record }) => {
    const rows = await tx.$queryRaw<{ storage_location: string | null }[]>`
      SELECT storage_location FROM checkpoints WHERE uuid = ${uuid}::uuid FOR UPDATE`;
    if (!rows.length) return "gone";
    if (rows[0].storage_location !== from) return "moved-meanwhile";
    await tx.$executeRaw`UPDATE checkpoints SET storage_location = ${to} WHERE uuid = ${uuid}::uuid`;
    record({
      objectType: "CHECKPOINT", objectId: uuid, objectKey: uuid, action: "MOVE",
      changes: [{ field: "storageLocation", before: fromLabel, after: to }],
    });
    return "switched";
  });
}
