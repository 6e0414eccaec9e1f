import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZCheckpointUuid, ZRegisterVersion, type TRegisterVersion } from "../../schemas";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { RegistryError, notFound, parse, translateDbError } from "../errors";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { recordVersionEvent } from "./history";
import { toVersion, versionSelect, type TModelVersion } from "./select";

/**
 * Registers a checkpoint as the model's next version.
 *
 * Race-free numbering: the UPDATE that increments models.last_version takes the
 * model row's lock, so concurrent registrations on one model queue behind each
 * other and each reads a distinct number; the lock is held until the version row
 * is inserted and the transaction commits (docs/decisions/004-version-numbers.md).
 */
export async function registerVersion(
  modelRef: string | number,
  checkpointUuid: string,
  input: TRegisterVersion = {},
  actor?: Actor,
): Promise<TModelVersion> {
  const who = await signedIn(actor);
  const uuid = parse(ZCheckpointUuid, checkpointUuid);
  const data = parse(ZRegisterVersion, input);
  try {
    const id = await db().$transaction(async (tx) => {
      const model = await findModelOrThrow(tx, modelRef);
      await authorize(tx, who, "version.register", model.workspaceId);
      assertNotArchived(model, "given new versions");
      const checkpoint = await tx.checkpoint.findUnique({ where: { uuid }, select: { state: true } });
      if (!checkpoint) throw notFound(`Checkpoint ${uuid}`);
      if (checkpoint.state === "DELETED") {
        throw new RegistryError("FAILED_PRECONDITION", `Checkpoint ${uuid} has been deleted and cannot be registered.`);
      }
      // From here to commit the model row is locked: only the writes that must share
      // the lock happen below, so 64 concurrent registrations queue for ~3 round trips
      // each, not for the ten it takes to read the full version back (decision 010).
      const [row] = await tx.$queryRaw<{ last_version: number; archived: boolean }[]>`
        UPDATE models
           SET last_version = last_version + 1, num_versions = num_versions + 1, last_updated_time = now()
         WHERE id = ${model.id}
        RETURNING last_version, archived`;
      if (!row) throw notFound(`Model "${modelRef}"`);
      // Re-checked under the row lock: an archive that committed meanwhile wins.
      assertNotArchived({ name: model.name, archived: row.archived }, "given new versions");
      const created = await tx.modelVersion.create({
        data: {
          modelId: model.id,
          version: row.last_version,
          checkpointUuid: uuid,
          name: data.name,
          comment: data.comment,
          notes: data.notes,
          labels: data.labels,
          metadata: data.metadata as Prisma.InputJsonObject,
          userId: who.userId,
        },
        select: { id: true, version: true, name: true, comment: true, notes: true, labels: true, metadata: true },
      });
      await recordVersionEvent(tx, who, "CREATE", { ...created, metadata: data.metadata, model, checkpoint: { uuid } });
      return created.id;
      // Writers queue for a pooled connection and then for the row lock rather than
      // fail under a burst; both waits are bounded so a stuck database still errors.
    }, { maxWait: 10_000, timeout: 30_000 });
    return toVersion(await db().modelVersion.findUniqueOrThrow({ where: { id }, select: versionSelect }));
  } catch (err) {
    translateDbError(err, { foreignKey: `Checkpoint ${uuid} not found.` });
  }
}
