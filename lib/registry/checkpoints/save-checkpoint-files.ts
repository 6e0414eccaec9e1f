import "server-only";
import { db } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { RegistryError, notFound, parse } from "../errors";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";
import { removeCheckpointFiles, writeCheckpointFiles } from "./storage";

/**
 * Stores a checkpoint's files (written by `fill` into a private folder), then
 * records `resources` and marks it COMPLETED. The state flips only after the
 * folder has been renamed into place, so a COMPLETED checkpoint always has files.
 */
export async function saveCheckpointFiles(uuid: string, fill: (dir: string) => Promise<void>): Promise<TCheckpoint> {
  const id = parse(ZCheckpointUuid, uuid);
  const existing = await db().checkpoint.findUnique({ where: { uuid: id }, select: { state: true } });
  if (!existing) throw notFound(`Checkpoint ${uuid}`);
  if (existing.state === "COMPLETED") {
    throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} is already completed; checkpoints are immutable.`);
  }
  const resources = await writeCheckpointFiles(id, fill);
  try {
    const row = await db().checkpoint.update({
      where: { uuid: id },
      data: { resources, state: "COMPLETED" },
      select: checkpointSelect,
    });
    return toCheckpoint(row);
  } catch (err) {
    await removeCheckpointFiles(id); // keep files and record in agreement
    throw err;
  }
}
