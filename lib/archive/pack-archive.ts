import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { create } from "tar";
import { ArchiveError } from "./archive-error";

/**
 * Every regular file under dir as a sorted relative POSIX path. Symbolic links to
 * files are followed (their content is archived); links to folders and other
 * special files are refused, since the registry stores regular files only.
 */
export async function listArchiveFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, full).split(path.sep).join("/");
    if (e.isFile()) out.push(rel);
    else if (e.isSymbolicLink()) {
      const target = await fs.stat(full).catch(() => null);
      if (!target?.isFile()) throw new ArchiveError("INVALID", `${rel} is a symbolic link to something other than a file; copy the files it points at instead.`);
      out.push(rel);
    } else if (!e.isDirectory()) {
      throw new ArchiveError("INVALID", `${rel} is not a regular file or folder.`);
    }
  }
  return out.sort();
}

/**
 * A .tar.gz stream of the given files under dir, produced as fast as it is read.
 * gzip level 1: checkpoint weights barely compress, and at the default level 6
 * the server's CPU, not the network, set the pace of a 1 GiB download.
 */
export function packArchive(dir: string, files: string[]): Readable {
  const pack = create({ gzip: { level: 1 }, cwd: dir, portable: true, follow: true, noDirRecurse: true }, files);
  return Readable.from(pack, { objectMode: false });
}
