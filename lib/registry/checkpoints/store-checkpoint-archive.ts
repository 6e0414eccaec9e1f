import "server-only";
import type { Readable } from "node:stream";
import { isArchiveError, type ArchiveLimits } from "../../archive";
import { limits } from "../../schemas";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import type { IdempotencyClaim } from "../idempotency/claim";
import type { TCheckpoint } from "./select";
import { saveCheckpointFiles } from "./save-checkpoint-files";

/**
 * Streams a .tar.gz of a checkpoint's files into storage. The archive is unpacked
 * as it arrives, visible in storage only when it is complete and valid
 * (CheckpointStorage.writeCheckpoint), and only then is the checkpoint COMPLETED with `resources` from the files,
 * once every file the archive named is in storage with its size.
 * A refused or broken archive leaves storage and the record untouched
 * (docs/decisions/007-checkpoint-archive-safety.md).
 */
export async function storeCheckpointArchive({ actor, uuid, archive, limits: opts = {}, idempotency }: {
  actor: Actor;
  uuid: string;
  archive: Readable;
  /** The upload's Idempotency-Key; its hash of the archive is complete once the archive has been read. */
  idempotency?: IdempotencyClaim;
  /** Tighter limits than the server's (tests); the defaults are MREG_MAX_ARCHIVE_BYTES and _FILES. */
  limits?: Partial<ArchiveLimits>;
}): Promise<TCheckpoint> {
  // A client that drops the connection while we look the checkpoint up must not
  // become an unhandled stream error; the extractor sees it as `destroyed`.
  archive.on("error", () => {});
  const archiveLimits: ArchiveLimits = {
    maxBytes: opts.maxBytes ?? limits.archiveBytes,
    maxEntries: opts.maxEntries ?? limits.archiveFiles,
  };
  try {
    return await saveCheckpointFiles({
      actor, uuid, idempotency,
      // Unpacked as it streams, each file hashed on its way to storage (decision 070).
      source: { kind: "archive", archive, limits: archiveLimits },
    });
  } catch (err) {
    // Refused before reading (unknown or completed checkpoint): stop the upload too.
    archive.destroy();
    if (isArchiveError(err)) throw new RegistryError(err.kind, err.message);
    throw err;
  }
}
