import "server-only";
import { db } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { checkpointWorkspaceId } from "./workspace";
import { RegistryError, notFound, parse } from "../errors";
import { recordHistory } from "../history/record-history";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";
import { removeCheckpointFiles, writeCheckpointFiles, type Fill } from "./storage";

/**
 * Stores a checkpoint's files (written by `fill` into a private folder), then
 * records `resources` and marks it COMPLETED. The state flips only after the
 * folder has been renamed into place, so a COMPLETED checkpoint always has files.
 */
export async function saveCheckpointFiles(uuid: string, fill: Fill, actor?: Actor): Promise<TCheckpoint> {
  const who = await signedIn(actor);
  const id = parse(ZCheckpointUuid, uuid);
  const existing = await db().checkpoint.findUnique({ where: { uuid: id }, select: { state: true, resources: true, experimentId: true } });
  if (!existing) throw notFound(`Checkpoint ${uuid}`);
  // Before a single byte is written: a refused upload leaves storage untouched.
  await authorize(db(), who, "checkpoint.upload", await checkpointWorkspaceId(db(), existing.experimentId));
  if (existing.state === "COMPLETED") {
    throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} is already completed; checkpoints are immutable.`);
  }
  const resources = await writeCheckpointFiles(id, fill);
  try {
    return await db().$transaction(async (tx) => {
      // Conditional on the state it had, so two uploads racing past the check above cannot both complete it.
      const { count } = await tx.checkpoint.updateMany({
        where: { uuid: id, state: existing.state },
        data: { resources, state: "COMPLETED" },
      });
      if (count === 0) throw new RegistryError("CONFLICT", `Checkpoint ${uuid} changed while its files were uploading; try again.`);
      await recordHistory(tx, who, {
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
