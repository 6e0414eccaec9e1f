import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { extractArchive, hashFolder, listArchiveFiles, packArchive, type FileDigest } from "../../archive";
import { RegistryError, notFound } from "../errors";
import type { ByteRange, CheckpointSource, CheckpointStorage, FilesWritten, StoredFile, StoredFiles } from "./storage";
import { instanceUploadFolder, releaseInstanceUploadFolder, startUploadHousekeeping, sweepOrphanedUploads } from "./upload-folders";

const SYNC_PARALLEL = 8;

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

const sameKeys = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length && Object.keys(b).every((k) => k in a);

const alreadyStored = (uuid: string) => new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);

export const lostFiles = (uuid: string, why: string) => new RegistryError("UNAVAILABLE",
  `The upload of checkpoint ${uuid} was not stored: ${why}. Nothing was kept; upload it again.`);

/** Throws when the stored files are not exactly the ones the writer named (every file, every size). */
export function assertAllStored(uuid: string, expected: Record<string, number>, stored: Record<string, number>): void {
  const missing = Object.keys(expected).filter((f) => stored[f] !== expected[f]);
  const extra = Object.keys(stored).filter((f) => !(f in expected));
  if (missing.length || extra.length) {
    const first = missing[0] ?? extra[0];
    throw lostFiles(uuid, `${missing.length} of the archive's ${Object.keys(expected).length} files ${missing.length === 1 ? "is" : "are"} missing or of the wrong size${extra.length ? `, ${extra.length} unexpected` : ""} in storage (e.g. "${first}")`);
  }
}

/** Fills `dir` from a source: the archive unpacked (and hashed) as it streams, or the caller's fill. */
export async function fillFolder(dir: string, source: CheckpointSource, earlyWriteBack: boolean): Promise<void | FilesWritten> {
  if (source.kind === "fill") return source.fill(dir);
  // The files are fsynced before the checkpoint completes; starting their write-back
  // during the upload leaves that fsync little to do. The archive's own list of files
  // is what storage must hold in the end; each file's SHA-256 is computed as its bytes
  // pass to the disk (decision 070).
  const { manifest, digests } = await extractArchive(source.archive, dir, source.limits, { earlyWriteBack, digests: true });
  return { sizes: manifest, digests };
}

/**
 * Checkpoint files in a local folder (MREG_STORAGE_DIR, or .data/checkpoints in the
 * project): `<root>/<uuid>/<path>`. Uploads are written in this instance's upload folder
 * under `<root>/.tmp` (upload-folders.ts) and renamed into place (decision 030).
 */
export class LocalFolderStorage implements CheckpointStorage {
  readonly kind = "local" as const;
  constructor(readonly root: string) {}

  get location(): string {
    return this.root;
  }

  /** The folder of one checkpoint's files. */
  checkpointDir(uuid: string): string {
    return path.join(/*turbopackIgnore: true*/ this.root, uuid);
  }

  async exists(uuid: string): Promise<boolean> {
    return fs.stat(/*turbopackIgnore: true*/ this.checkpointDir(uuid)).then(() => true, () => false);
  }

  /**
   * Writes a checkpoint's files into a private temporary folder (in this instance's
   * upload folder, upload-folders.ts) and renames it into place only when the source
   * has been written: readers see all of the files or none. rename(2) within one file
   * system is atomic. The files and folders are fsynced before the rename and the
   * storage folder after it, so a checkpoint reported COMPLETED keeps its files through
   * a crash or power loss. What is stored is then read back from its final place and,
   * when the source named its files, compared with them (every file, every size): files
   * lost meanwhile (the temporary folder removed or emptied by anyone) mean the upload
   * fails and nothing is kept, instead of a checkpoint completed with files missing.
   * The digests are the source's when it hashed every file on the way in (an upload);
   * otherwise (a fill that wrote files itself) the stored files are read once to hash them.
   */
  async writeCheckpoint(uuid: string, source: CheckpointSource): Promise<StoredFiles> {
    const final = this.checkpointDir(uuid);
    if (await this.exists(uuid)) throw alreadyStored(uuid);
    const tmp = path.join(/*turbopackIgnore: true*/ await instanceUploadFolder(this.root), `${uuid}.${crypto.randomBytes(4).toString("hex")}`);
    await fs.mkdir(tmp);
    let renamed = false;
    try {
      const expected = await fillFolder(tmp, source, true);
      await syncTree(tmp);
      await fs.rename(tmp, final);
      renamed = true;
      await syncPath(this.root);
      const stored = await computeResources(final);
      if (expected) assertAllStored(uuid, expected.sizes, stored);
      const digests = expected?.digests && sameKeys(expected.digests, stored)
        ? expected.digests
        : Object.fromEntries((await hashFolder(final)).map((f) => [f.path, f.sha256]));
      return { resources: stored, digests };
    } catch (err) {
      if (renamed) await this.deleteCheckpoint(uuid);
      await fs.rm(tmp, { recursive: true, force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (!renamed && (code === "ENOTEMPTY" || code === "EEXIST") && (await this.exists(uuid))) throw alreadyStored(uuid);
      if (!renamed && code === "ENOENT") throw lostFiles(uuid, "its temporary folder was removed while it was being stored");
      throw err;
    }
  }

  async listFiles(uuid: string): Promise<StoredFile[]> {
    if (!(await this.exists(uuid))) return [];
    const sizes = await computeResources(this.checkpointDir(uuid));
    return Object.entries(sizes).map(([p, size]) => ({ path: p, size }));
  }

  async openFile(uuid: string, file: string, range?: ByteRange): Promise<Readable> {
    const full = path.join(/*turbopackIgnore: true*/ this.checkpointDir(uuid), file);
    // The path comes from the stored list, but never let one climb out of the checkpoint.
    if (!full.startsWith(this.checkpointDir(uuid) + path.sep)) throw notFound(`File ${file} of checkpoint ${uuid}`);
    const handle = await fs.open(full, "r").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "EISDIR" || err.code === "ENOTDIR") throw notFound(`File ${file} of checkpoint ${uuid}`);
      throw err;
    });
    return handle.createReadStream({ highWaterMark: 1024 * 1024, ...(range ?? {}) });
  }

  async openArchive(uuid: string): Promise<Readable> {
    if (!(await this.exists(uuid))) throw notFound(`Files of checkpoint ${uuid}`);
    const dir = this.checkpointDir(uuid);
    return packArchive(dir, await listArchiveFiles(dir));
  }

  async hashFiles(uuid: string, onBytes?: (n: number) => void): Promise<FileDigest[]> {
    if (!(await this.exists(uuid))) return [];
    return hashFolder(this.checkpointDir(uuid), onBytes);
  }

  async deleteCheckpoint(uuid: string): Promise<void> {
    // Move aside first so a half-deleted folder is never visible under its uuid.
    if (!(await this.exists(uuid))) return;
    const trash = path.join(/*turbopackIgnore: true*/ await instanceUploadFolder(this.root), `${uuid}.deleting.${crypto.randomBytes(4).toString("hex")}`);
    await fs.rename(this.checkpointDir(uuid), trash);
    await fs.rm(trash, { recursive: true, force: true });
  }

  async presignGet(): Promise<string | null> {
    return null;
  }

  /** A small file written, fsynced and removed in this instance's upload folder, where nothing else writes. */
  async probe(): Promise<void> {
    const probe = path.join(/*turbopackIgnore: true*/ await instanceUploadFolder(this.root), `health-${crypto.randomBytes(4).toString("hex")}`);
    const handle = await fs.open(probe, "w");
    try {
      await handle.writeFile("ok");
      await handle.sync();
    } finally {
      await handle.close();
      await fs.rm(probe, { force: true });
    }
  }

  /**
   * Removes what stopped instances left in the temporary upload folders: only folders
   * whose owner's lease ran out, never the work of a live instance (upload-folders.ts).
   */
  sweepLeftovers(): Promise<number> {
    return sweepOrphanedUploads(this.root);
  }

  startHousekeeping(log: (line: string) => void): void {
    startUploadHousekeeping(this.root, log);
  }

  release(): Promise<void> {
    return releaseInstanceUploadFolder();
  }
}
