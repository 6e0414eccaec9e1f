import "server-only";
import { db, type Prisma } from "../../db/client";
import { currentStorage, openStorage } from "./current-storage";
import type { CheckpointStorage } from "./storage";

const g = globalThis as unknown as { __registryStorageAt?: Map<string, CheckpointStorage> };

/**
 * The storage holding the files of a checkpoint whose `storage_location` is `location`
 * (docs/decisions/096-storage-migration.md): the configured storage when it names the
 * same place or when the checkpoint predates recorded locations (null), otherwise the
 * storage at that location, opened once per process. Reads follow the checkpoint, so
 * while `storage:migrate` copies, or while instances restart with a new
 * MREG_STORAGE_URL, every checkpoint is read from wherever it is at that moment.
 */
export function storageAt(location: string | null): CheckpointStorage {
  const current = currentStorage();
  if (!location || location === current.location) return current;
  g.__registryStorageAt ??= new Map();
  let s = g.__registryStorageAt.get(location);
  if (!s) {
    s = openStorage(location);
    g.__registryStorageAt.set(location, s);
  }
  return s;
}

/** The storage holding a checkpoint's files, from its row (the configured storage when the row is gone). */
export async function checkpointStorage(uuid: string, client: Prisma.TransactionClient = db()): Promise<CheckpointStorage> {
  const row = await client.checkpoint.findUnique({ where: { uuid }, select: { storageLocation: true } });
  return storageAt(row?.storageLocation ?? null);
}

/** Where new checkpoints are stored now (this instance's configured storage): a folder path or s3://bucket/prefix. */
export function storageLocationNow(): string {
  return currentStorage().location;
}
