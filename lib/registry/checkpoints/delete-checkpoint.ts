import "server-only";
import { ZCheckpointUuid } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError, notFound, parse } from "../errors";
import { write } from "../write";
import { storageAt } from "../storage/checkpoint-location";
import { checkpointWorkspaceId } from "./workspace";

/** Deletes a checkpoint's files and record, unless a model version points at it. */
export async function deleteCheckpoint({ actor, uuid }: { actor: Actor; uuid: string }): Promise<void> {
  signedIn(actor);
  const id = parse(ZCheckpointUuid, uuid);
  await write({ actor }, async ({ tx, actor: who, record, afterCommit }) => {
    // FOR UPDATE blocks a concurrent registration of this checkpoint until we commit.
    const rows = await tx.$queryRaw<{ uuid: string; state: string; resources: unknown; experiment_id: number | null; storage_location: string | null }[]>`
      SELECT uuid, state::text, resources, experiment_id, storage_location FROM checkpoints WHERE uuid = ${id}::uuid FOR UPDATE`;
    if (!rows.length) throw notFound(`Checkpoint ${uuid}`);
    await authorize(tx, who, "checkpoint.delete", await checkpointWorkspaceId(tx, rows[0].experiment_id));
    const used = await tx.modelVersion.findFirst({
      where: { checkpointUuid: id },
      select: { version: true, model: { select: { name: true } } },
    });
    if (used) {
      throw new RegistryError(
        "FAILED_PRECONDITION",
        `Checkpoint ${uuid} is registered as version ${used.version} of model "${used.model.name}"; deregister that version first.`,
      );
    }
    await tx.checkpoint.delete({ where: { uuid: id } });
    record({
      objectType: "CHECKPOINT", objectId: id, objectKey: id, action: "DELETE",
      changes: [{ field: "state", before: rows[0].state }, { field: "resources", before: rows[0].resources }],
    });
    // Files go only once the row is gone for good: a crash between the two leaves
    // unreferenced files for the sweep, never a checkpoint without its files.
    // Object storage that fails now (unreachable) does not undo a committed delete: the
    // objects are no longer referenced, and the sweep removes them (decision 092).
    // The files are where the row said they were (decision 096), whatever this instance's configuration.
    const storage = storageAt(rows[0].storage_location);
    afterCommit(() => (storage.kind === "local" ? storage.deleteCheckpoint(id) : storage.deleteCheckpoint(id).catch(() => {})));
  });
}
