import "server-only";
import type { FileProblem } from "../../archive";
import { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { write } from "../write";
import { adminOnly } from "./storage-verification-runs";

/**
 * Records what a re-hash of a checkpoint's stored files found: corrupt (with the
 * problems; the first time stays the `corruptAt`) or matching (verified now, a corrupt
 * mark cleared, e.g. after the files were restored). History gets an event only when
 * the verdict changes. Returns whether it changed.
 */
export async function markCheckpointIntegrity({ actor, uuid, problems }: { actor: Actor; uuid: string; problems: FileProblem[] }): Promise<boolean> {
  // Storage verify and the backfill (administrators, or the system actor) are its only callers.
  return write({ actor: adminOnly(actor) }, async ({ tx, record }) => {
    const row = await tx.checkpoint.findUnique({ where: { uuid }, select: { corruptAt: true, corruptFiles: true } });
    if (!row) return false; // deleted meanwhile: nothing to mark
    const wasCorrupt = row.corruptAt !== null;
    const corrupt = problems.length > 0;
    await tx.checkpoint.update({
      where: { uuid },
      data: corrupt
        ? { corruptAt: row.corruptAt ?? new Date(), corruptFiles: problems }
        : { corruptAt: null, corruptFiles: Prisma.DbNull, verifiedAt: new Date() },
    });
    if (corrupt === wasCorrupt) return false;
    record({
      objectType: "CHECKPOINT", objectId: uuid, objectKey: uuid, action: corrupt ? "CORRUPT" : "RESTORED",
      changes: [{ field: "corruptFiles", before: row.corruptFiles ?? undefined, after: corrupt ? problems : undefined }],
    });
    return true;
  });
}
