import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { Header, Pax } from "tar";
import { ArchiveError } from "./archive-error";
import { chooseDeflateLevel, COMPRESS } from "./deflate-level";
import { GzipWriter } from "./gzip-writer";

// Large reads and output chunks: per-chunk costs (a thread-pool round trip, a
// promise hop through the web stream, a socket write) dominate at 16 KiB.
const CHUNK = 1024 * 1024;
const BLOCK = 512;

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

/** A portable ustar header (plus a pax header for long or non-ASCII names), as `tar.create({ portable: true })` writes. */
export function fileHeader(name: string, size: number, mtime: Date): Buffer {
  const header = new Header({ path: name, mode: 0o644, size, mtime, type: "File" });
  const needsPax = header.encode();
  return needsPax ? Buffer.concat([new Pax({ path: name, size, mtime }).encode(), header.block!]) : header.block!;
}

async function* tarGz(dir: string, files: string[]): AsyncGenerator<Buffer> {
  const gz = new GzipWriter();
  yield gz.header();
  for (const name of files) {
    const file = await fs.open(path.join(dir, name), "r");
    try {
      const stat = await file.stat();
      if (!stat.isFile()) throw new ArchiveError("INVALID", `${name} is not a regular file.`);
      const level = await chooseDeflateLevel(file, stat.size);
      yield await gz.segment(fileHeader(name, stat.size, stat.mtime), level);
      for (let pos = 0; pos < stat.size;) {
        // A fresh buffer per read: the previous chunk may still be on its way out.
        const buf = Buffer.allocUnsafe(Math.min(CHUNK, stat.size - pos));
        const { bytesRead } = await file.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) throw new ArchiveError("INVALID", `${name} shrank while it was being archived.`);
        pos += bytesRead;
        yield await gz.segment(buf.subarray(0, bytesRead), level);
      }
      const pad = (BLOCK - (stat.size % BLOCK)) % BLOCK;
      if (pad) yield await gz.segment(Buffer.alloc(pad), level);
    } finally {
      await file.close();
    }
  }
  yield await gz.segment(Buffer.alloc(2 * BLOCK), COMPRESS); // end of archive: two zero blocks
  yield gz.trailer();
}

/**
 * A .tar.gz stream of the given files under dir, produced as it is read (the
 * generator runs one chunk ahead; destroying the stream closes the open file).
 * Each file is deflated or stored as sampling suggests (deflate-level.ts), in
 * one ordinary gzip member (gzip-writer.ts) that `tar xzf`, Python's tarfile and
 * our extractor read unchanged. Every entry is a regular file with its content,
 * even where files are hard links of each other: the extractor refuses links.
 */
export function packArchive(dir: string, files: string[]): Readable {
  return Readable.from(tarGz(dir, files), { objectMode: false, highWaterMark: CHUNK });
}
