import "server-only";
import { edge } from "../edge";
import type { Readable } from "node:stream";
import { db, type Prisma } from "../../db/client";
import { ZCheckpointUuid } from "../../schemas";
import { RegistryError, notFound, parse } from "../errors";
import { storageAt } from "../storage/checkpoint-location";

export type CheckpointDownload = {
  archive: Readable;
  /** The manifest digest recorded for the files (null before the backfill reached them): the download's header. */
  manifestDigest: string | null;
};

const servableSelect = { state: true, manifestDigest: true, corruptAt: true, corruptFiles: true, resources: true, fileDigests: true, storageLocation: true } satisfies Prisma.CheckpointSelect;

/** The checkpoint's row, if its files may be served: it exists and storage verify has not found it corrupt. */
export async function servableCheckpoint(uuid: string, id: string): Promise<Prisma.CheckpointGetPayload<{ select: typeof servableSelect }>> {
  const row = await db().checkpoint.findUnique({ where: { uuid: id }, select: servableSelect });
  if (!row) throw notFound(`Checkpoint ${uuid}`);
  if (row.corruptAt) {
    const files = (row.corruptFiles ?? []) as { path: string; problem: string }[];
    const list = files.slice(0, 3).map((f) => `${f.path} (${f.problem})`).join(", ");
    throw new RegistryError("CONFLICT",
      `Checkpoint ${uuid} is marked corrupt: storage verify found ${files.length} stored file${files.length === 1 ? "" : "s"} that differ from what was uploaded${list ? `: ${list}${files.length > 3 ? ", ..." : ""}` : ""}. It is not served; restore its files and run storage verify again.`);
  }
  return row;
}

/**
 * A .tar.gz stream of a checkpoint's stored files, produced as it is read, with its
 * manifest digest. A checkpoint that storage verify found corrupt is not served
 * (docs/decisions/072-storage-verify-runs.md): its files are no longer the ones
 * registered, and a client that does not check digests would take them silently.
 */
export const openCheckpointDownload = edge(async function openCheckpointDownload(uuid: string): Promise<CheckpointDownload> {
  const id = parse(ZCheckpointUuid, uuid);
  const row = await servableCheckpoint(uuid, id);
  const storage = storageAt(row.storageLocation);
  if (!(await storage.exists(id))) throw notFound(`Files of checkpoint ${uuid}`);
  return { archive: await storage.openArchive(id), manifestDigest: row.manifestDigest };
});

/** A .tar.gz stream of a checkpoint's stored files (openCheckpointDownload without the digest). */
export const streamCheckpointArchive = edge(async function streamCheckpointArchive(uuid: string): Promise<Readable> {
  return (await openCheckpointDownload(uuid)).archive;
});
