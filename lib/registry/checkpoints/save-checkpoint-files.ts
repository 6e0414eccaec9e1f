import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError, notFound, parse, translateDbError } from "../errors";
import type { IdempotencyClaim } from "../idempotency/claim";
import { write } from "../write";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";
import { removeCheckpointFiles, writeCheckpointFiles, type Fill } from "./storage";
import { checkpointWorkspaceId } from "./workspace";

const existingSelect = { state: true, resources: true, experimentId: true } satisfies Prisma.CheckpointSelect;
type Existing = Prisma.CheckpointGetPayload<{ select: typeof existingSelect }>;

/** The checks an upload passes before a single byte is written: a refused upload leaves storage untouched. */
async function mayUpload(who: Actor, uuid: string, id: string): Promise<Existing> {
  try {
    const existing = await db().checkpoint.findUnique({ where: { uuid: id }, select: existingSelect });
    if (!existing) throw notFound(`Checkpoint ${uuid}`);
    await authorize(db(), who, "checkpoint.upload", await checkpointWorkspaceId(db(), existing.experimentId));
    if (existing.state === "COMPLETED") {
      throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} is already completed; checkpoints are immutable.`);
    }
    return existing;
  } catch (err) {
    translateDbError(err);
  }
}

/**
 * Stores a checkpoint's files (written by `fill` into a private folder), then
 * records `resources` and marks it COMPLETED. The state flips only after the
 * folder has been renamed into place, so a COMPLETED checkpoint always has files.
 * With `idempotency` (the upload's Idempotency-Key) the key commits with the state.
 */
export async function saveCheckpointFiles(
  { actor, uuid, fill, idempotency }: { actor: Actor; uuid: string; fill: Fill; idempotency?: IdempotencyClaim },
): Promise<TCheckpoint> {
  const who = signedIn(actor);
  const id = parse(ZCheckpointUuid, uuid);
  const existing = await mayUpload(who, uuid, id);
  const resources = await writeCheckpointFiles(id, fill);
  try {
    return await write({ actor: who, idempotency }, async ({ tx, record }) => {
      // Conditional on the state it had, so two uploads racing past the check above cannot both complete it.
      const { count } = await tx.checkpoint.updateMany({
        where: { uuid: id, state: existing.state },
        data: { resources, state: "COMPLETED" },
      });
      if (count === 0) throw new RegistryError("CONFLICT", `Checkpoint ${uuid} changed while its files were uploading; try again.`);
      record({
        objectType: "CHECKPOINT", objectId: id, objectKey: id, action: "UPLOAD",
        changes: [
          { field: "state", before: existing.state, after: "COMPLETED" },
          { field: "resources", before: existing.resources, after: resources },
        ],
      });
      return toCheckpoint(await tx.checkpoint.findUniqueOrThrow({ where: { uuid: id }, select: checkpointSelect }));
    });
  } catch (err) {
    await removeCheckpointFiles(id); // keep files and record in agreement
    throw err;
  }
}
