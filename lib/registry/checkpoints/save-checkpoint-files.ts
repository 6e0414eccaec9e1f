import "server-only";
import { fileDigestList, manifestDigest } from "../../archive";
import { db, type Prisma } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError, notFound, parse, translateDbError } from "../errors";
import type { IdempotencyClaim } from "../idempotency/claim";
import { write } from "../write";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";
import { currentStorage } from "../storage/current-storage";
import type { CheckpointSource, Fill, StoredFiles } from "../storage/storage";
import { claimUpload, type UploadClaim } from "./upload-claim";
import { checkpointWorkspaceId } from "./workspace";

const existingSelect = { state: true, resources: true, experimentId: true, manifestDigest: true } satisfies Prisma.CheckpointSelect;
type Existing = Prisma.CheckpointGetPayload<{ select: typeof existingSelect }>;

/** Immutable once complete (decision 070): a completed checkpoint's files are never replaced. */
export const completed = (uuid: string, digest: string | null) => new RegistryError("ALREADY_EXISTS",
  `Checkpoint ${uuid} is already completed${digest ? ` (manifest ${digest})` : ""}; a completed checkpoint is immutable and its files cannot be replaced. Report a new checkpoint and upload the files to it.`);

/** The checks an upload passes before a single byte is written: a refused upload leaves storage untouched. */
async function mayUpload(who: Actor, uuid: string, id: string): Promise<Existing> {
  try {
    const existing = await db().checkpoint.findUnique({ where: { uuid: id }, select: existingSelect });
    if (!existing) throw notFound(`Checkpoint ${uuid}`);
    await authorize(db(), who, "checkpoint.upload", await checkpointWorkspaceId(db(), existing.experimentId));
    if (existing.state === "COMPLETED") throw completed(uuid, existing.manifestDigest);
    return existing;
  } catch (err) {
    translateDbError(err);
  }
}

/**
 * Stores a checkpoint's files (written by `fill` into a private folder, or from
 * `source`) through the configured storage, then records `resources`, each file's
 * SHA-256 and the manifest digest, and marks it COMPLETED. The state flips only after
 * storage has every file in place, so a COMPLETED checkpoint always has files.
 * With `idempotency` (the upload's Idempotency-Key) the key commits with the state.
 */
export async function saveCheckpointFiles(
  { actor, uuid, fill, source, idempotency }: { actor: Actor; uuid: string; idempotency?: IdempotencyClaim } & (
    { fill: Fill; source?: undefined } | { source: CheckpointSource; fill?: undefined }),
): Promise<TCheckpoint> {
  const who = signedIn(actor);
  const id = parse(ZCheckpointUuid, uuid);
  const existing = await mayUpload(who, uuid, id);
  const storage = currentStorage();
  // Object storage: one writer per checkpoint across instances (the folder's private
  // temporary folder and atomic rename give the local storage the same for free).
  const claim = storage.kind === "local" ? null : await claimUpload(id);
  try {
    return await writeAndComplete(who, uuid, id, existing, storage.writeCheckpoint(id, source ?? { kind: "fill", fill }), claim, idempotency);
  } finally {
    await claim?.release();
  }
}

async function writeAndComplete(
  who: Actor, uuid: string, id: string, existing: Existing, writing: Promise<StoredFiles>, claim: UploadClaim | null, idempotency?: IdempotencyClaim,
): Promise<TCheckpoint> {
  const { resources, digests } = await writing;
  try {
    const manifest = manifestDigest(fileDigestList(resources, digests));
    return await write({ actor: who, idempotency }, async ({ tx, record }) => {
      // Conditional on the state it had, so two uploads racing past the check above cannot both complete it.
      const { count } = await tx.checkpoint.updateMany({
        where: { uuid: id, state: existing.state, ...(claim ? { uploadClaim: claim.token } : {}) },
        data: {
          resources, state: "COMPLETED", fileDigests: digests, manifestDigest: manifest, verifiedAt: new Date(),
          uploadClaim: null, uploadClaimedUntil: null, storageLocation: currentStorage().location,
        },
      });
      if (count === 0) throw new RegistryError("CONFLICT", `Checkpoint ${uuid} changed while its files were uploading; try again.`);
      record({
        objectType: "CHECKPOINT", objectId: id, objectKey: id, action: "UPLOAD",
        changes: [
          { field: "state", before: existing.state, after: "COMPLETED" },
          { field: "resources", before: existing.resources, after: resources },
          { field: "manifestDigest", before: existing.manifestDigest, after: manifest },
        ],
      });
      return toCheckpoint(await tx.checkpoint.findUniqueOrThrow({ where: { uuid: id }, select: checkpointSelect }));
    });
  } catch (err) {
    // Keep files and record in agreement, unless another writer took over this
    // checkpoint meanwhile (our claim lapsed): the objects under its uuid are its now.
    if (!claim) await currentStorage().deleteCheckpoint(id);
    else if (await claim.stillHeld()) await currentStorage().deleteCheckpoint(id).catch(() => {}); // else the sweep
    throw err;
  }
}
