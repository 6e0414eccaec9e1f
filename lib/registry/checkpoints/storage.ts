import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { hashFolder } from "../../archive";
import { RegistryError } from "../errors";
import { instanceUploadFolder, sweepOrphanedUploads } from "./upload-folders";

/** Where checkpoint files live: MREG_STORAGE_DIR, or .data/checkpoints in the project. */
export function storageRoot(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.MREG_STORAGE_DIR ?? path.join(/*turbopackIgnore: true*/ process.cwd(), ".data", "checkpoints"));
}

const SYNC_PARALLEL = 8;

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
 * What a fill says it wrote: every file (relative path -> size), which the stored
 * folder must then match exactly, and, when it hashed them as they streamed in, each
 * file's SHA-256 (hex).
 */
export type FilesWritten = { sizes: Record<string, number>; digests?: Record<string, string> };

/** Fills a folder with a checkpoint's files; may return what it wrote. */
export type Fill = (dir: string) => Promise<void | FilesWritten>;

/** The stored files: path -> size, and path -> SHA-256 (hex). */
export type StoredFiles = { resources: Record<string, number>; digests: Record<string, string> };

const sameKeys = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(b).every((k) => k in a);

/**
 * Writes a checkpoint's files into a private temporary folder (in this instance's
 * upload folder, upload-folders.ts) and renames it into place only when `fill` has
 * finished: readers see all of the files or none. rename(2) within one file system
 * is atomic. The files and folders are fsynced before the rename and the storage
 * folder after it, so a checkpoint reported COMPLETED keeps its files through a
 * crash or power loss. What is stored is then read back from its final place and,
 * when `fill` named its files, compared with them (every file, every size): files
 * lost meanwhile (the temporary folder removed or emptied by anyone) mean the upload
 * fails and nothing is kept, instead of a checkpoint completed with files missing.
 * The digests are the fill's when it hashed every file on the way in (an upload);
 * otherwise (a fill that wrote files itself) the stored files are read once to hash them.
 */
export async function writeCheckpointFiles(uuid: string, fill: Fill): Promise<StoredFiles> {
  const final = checkpointDir(uuid);
  if (await checkpointFilesExist(uuid)) {
    throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);
  }
  const tmp = path.join(/*turbopackIgnore: true*/ await instanceUploadFolder(storageRoot()), `${uuid}.${crypto.randomBytes(4).toString("hex")}`);
  await fs.mkdir(tmp);
  let renamed = false;
  try {
    const expected = await fill(tmp);
    await syncTree(tmp);
    await fs.rename(tmp, final);
    renamed = true;
    await syncPath(storageRoot());
    const stored = await computeResources(final);
    if (expected) assertAllStored(uuid, expected.sizes, stored);
    const digests = expected?.digests && sameKeys(expected.digests, stored)
      ? expected.digests
      : Object.fromEntries((await hashFolder(final)).map((f) => [f.path, f.sha256]));
    return { resources: stored, digests };
  } catch (err) {
    if (renamed) await removeCheckpointFiles(uuid);
    await fs.rm(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (!renamed && (code === "ENOTEMPTY" || code === "EEXIST") && (await checkpointFilesExist(uuid))) {
      throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);
    }
    if (!renamed && code === "ENOENT") throw lostFiles(uuid, "its temporary folder was removed while it was being stored");
    throw err;
  }
}

const lostFiles = (uuid: string, why: string) => new RegistryError("UNAVAILABLE",
  `The upload of checkpoint ${uuid} was not stored: ${why}. Nothing was kept; upload it again.`);

function assertAllStored(uuid: string, expected: Record<string, number>, stored: Record<string, number>): void {
  const missing = Object.keys(expected).filter((f) => stored[f] !== expected[f]);
  const extra = Object.keys(stored).filter((f) => !(f in expected));
  if (missing.length || extra.length) {
    const first = missing[0] ?? extra[0];
    throw lostFiles(uuid, `${missing.length} of the archive's ${Object.keys(expected).length} files ${missing.length === 1 ? "is" : "are"} missing or of the wrong size${extra.length ? `, ${extra.length} unexpected` : ""} in storage (e.g. "${first}")`);
  }
}

export async function removeCheckpointFiles(uuid: string): Promise<void> {
  // Move aside first so a half-deleted folder is never visible under its uuid.
  const final = checkpointDir(uuid);
  if (!(await checkpointFilesExist(uuid))) return;
  const trash = path.join(/*turbopackIgnore: true*/ await instanceUploadFolder(storageRoot()), `${uuid}.deleting.${crypto.randomBytes(4).toString("hex")}`);
  await fs.rename(final, trash);
  await fs.rm(trash, { recursive: true, force: true });
}

/**
 * Removes what stopped instances left in the temporary upload folders (at start-up
 * and now and then): only folders whose owner's lease ran out, never the work of a
 * live instance (upload-folders.ts).
 */
export async function cleanupTemporaryFiles(): Promise<number> {
  return sweepOrphanedUploads(storageRoot());
}
