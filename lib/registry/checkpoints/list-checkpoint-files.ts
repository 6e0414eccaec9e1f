import "server-only";
import { fileDigestList } from "../../archive";
import { ZCheckpointUuid } from "../../schemas";
import { edge } from "../edge";
import { notFound, parse } from "../errors";
import { storageAt } from "../storage/checkpoint-location";
import { servableCheckpoint } from "./stream-checkpoint-archive";

export type TCheckpointFiles = {
  uuid: string;
  storage: "local" | "s3";
  manifestDigest: string | null;
  /** When the URLs stop working; null when there are none. */
  expiresAt: Date | null;
  files: { path: string; size: number; sha256: string | null; url: string | null }[];
};

/** How long a presigned URL works unless the caller asks for less. */
export const DEFAULT_PRESIGN_SECONDS = 900;

/**
 * A checkpoint's recorded files (path, size, SHA-256) and, with `presign`, a
 * short-lived URL per file from which a client fetches it straight from storage,
 * ranges and all, without the bytes passing through this server
 * (docs/decisions/093-presigned-downloads.md). Storage that cannot give URLs (the local
 * folder) gives null: the client then downloads GET /checkpoints/{uuid}. Corrupt
 * checkpoints are refused as for the archive download.
 */
export const listCheckpointFiles = edge(async function listCheckpointFiles(
  { uuid, presign = false, expiresInSeconds = DEFAULT_PRESIGN_SECONDS }: { uuid: string; presign?: boolean; expiresInSeconds?: number },
): Promise<TCheckpointFiles> {
  const id = parse(ZCheckpointUuid, uuid);
  const row = await servableCheckpoint(uuid, id);
  const storage = storageAt(row.storageLocation); // where the checkpoint is now (decision 096)
  if (row.state !== "COMPLETED" || !(await storage.exists(id))) throw notFound(`Files of checkpoint ${uuid}`);
  const recorded = fileDigestList(row.resources as Record<string, number>, (row.fileDigests ?? {}) as Record<string, string>);
  const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
  const files = await Promise.all(recorded.map(async (f) => ({
    path: f.path, size: f.size, sha256: f.sha256 || null,
    url: presign ? await storage.presignGet(id, f.path, expiresInSeconds) : null,
  })));
  const anyUrl = files.some((f) => f.url);
  return { uuid: id, storage: storage.kind, manifestDigest: row.manifestDigest, expiresAt: anyUrl ? expiresAt : null, files };
});
