import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { RegistryError } from "../errors";

/** Where checkpoint files live: MREG_STORAGE_DIR, or .data/checkpoints in the project. */
export function storageRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.MREG_STORAGE_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "checkpoints"));
}

const SYNC_PARALLEL = 8;

const tmpRoot = () => path.join(storageRoot(), ".tmp");

export function checkpointDir(uuid: string): string {
  return path.join(/*turbopackIgnore: true*/ storageRoot(), uuid);
}

/** Every regular file under dir, as relative POSIX path -> size in bytes. */
export async function computeResources(dir: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, full).split(path.sep).join("/");
    out[rel] = (await fs.stat(full)).size;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export async function checkpointFilesExist(uuid: string): Promise<boolean> {
  return fs.stat(/*turbopackIgnore: true*/ checkpointDir(uuid)).then(() => true, () => false);
}

/**
 * fsync(2)s every file and folder under dir, files in parallel: after this, the
 * tree survives a crash. A file fsync writes back whatever is still only in the
 * page cache, so this is where an upload pays for the disk.
 */
async function syncTree(dir: string): Promise<void> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  const paths = [dir, ...entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => path.join(e.parentPath, e.name))];
  // A few at a time (libuv runs four file-system calls at once anyway), not one descriptor per file.
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await syncPath(paths[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(SYNC_PARALLEL, paths.length) }, worker));
}

async function syncPath(p: string): Promise<void> {
  const handle = await fs.open(p, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a checkpoint's files into a private temporary folder and renames it into
 * place only when `fill` has finished: readers see all of the files or none.
 * rename(2) within one file system is atomic. The files and folders are fsynced
 * before the rename and the storage folder after it, so a checkpoint reported
 * COMPLETED keeps its files through a crash or power loss.
 */
export async function writeCheckpointFiles(
  uuid: string,
  fill: (dir: string) => Promise<void>,
): Promise<Record<string, number>> {
  const final = checkpointDir(uuid);
  if (await checkpointFilesExist(uuid)) {
    throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);
  }
  await fs.mkdir(tmpRoot(), { recursive: true });
  const tmp = path.join(tmpRoot(), `${uuid}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`);
  await fs.mkdir(tmp);
  try {
    await fill(tmp);
    const resources = await computeResources(tmp);
    await syncTree(tmp);
    await fs.rename(tmp, final);
    await syncPath(storageRoot()).catch(async (err) => {
      await removeCheckpointFiles(uuid);
      throw err;
    });
    return resources;
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === "ENOTEMPTY" || (err as NodeJS.ErrnoException).code === "EEXIST") {
      throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);
    }
    throw err;
  }
}

export async function removeCheckpointFiles(uuid: string): Promise<void> {
  // Move aside first so a half-deleted folder is never visible under its uuid.
  const final = checkpointDir(uuid);
  if (!(await checkpointFilesExist(uuid))) return;
  await fs.mkdir(tmpRoot(), { recursive: true });
  const trash = path.join(tmpRoot(), `${uuid}.deleting.${crypto.randomBytes(4).toString("hex")}`);
  await fs.rename(final, trash);
  await fs.rm(trash, { recursive: true, force: true });
}

/** Removes temporary folders left by an interrupted upload (run at start-up). */
export async function cleanupTemporaryFiles(): Promise<number> {
  const entries = await fs.readdir(tmpRoot()).catch(() => [] as string[]);
  await Promise.all(entries.map((e) => fs.rm(path.join(tmpRoot(), e), { recursive: true, force: true })));
  return entries.length;
}
