import { Readable } from "node:stream";
import { ArchiveError } from "./archive-error";
import { chooseDeflateLevelFrom, COMPRESS } from "./deflate-level";
import { GzipWriter } from "./gzip-writer";
import { fileHeader } from "./pack-archive";

const CHUNK = 1024 * 1024;
const BLOCK = 512;

/** One file to archive from somewhere other than a local folder (object storage). */
export type ArchiveEntrySource = {
  name: string;
  size: number;
  mtime: Date;
  /** Up to `length` bytes at `at` (for the compressibility sample). */
  readAt(at: number, length: number): Promise<Buffer>;
  /** The file's bytes from the start. */
  open(): Promise<AsyncIterable<Buffer | Uint8Array>>;
};

async function* tarGzFrom(entries: ArchiveEntrySource[]): AsyncGenerator<Buffer> {
  const gz = new GzipWriter();
  yield gz.header();
  for (const e of entries) {
    const level = await chooseDeflateLevelFrom((at, length) => e.readAt(at, length), e.size);
    yield await gz.segment(fileHeader(e.name, e.size, e.mtime), level);
    let seen = 0;
    let parts: Buffer[] = [];
    let held = 0;
    // Network reads arrive in pieces of 16-64 KiB: gathered into 1 MiB segments, as the
    // folder packer reads, so per-segment costs stay per MiB.
    for await (const chunk of await e.open()) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      seen += buf.length;
      if (seen > e.size) throw new ArchiveError("INVALID", `${e.name} grew while it was being archived.`);
      parts.push(buf);
      held += buf.length;
      if (held >= CHUNK) {
        yield await gz.segment(Buffer.concat(parts, held), level);
        parts = [];
        held = 0;
      }
    }
    if (held) yield await gz.segment(Buffer.concat(parts, held), level);
    if (seen !== e.size) throw new ArchiveError("INVALID", `${e.name} shrank while it was being archived.`);
    const pad = (BLOCK - (e.size % BLOCK)) % BLOCK;
    if (pad) yield await gz.segment(Buffer.alloc(pad), level);
  }
  yield await gz.segment(Buffer.alloc(2 * BLOCK), COMPRESS);
  yield gz.trailer();
}

/**
 * packArchive (pack-archive.ts) for files read through callbacks instead of from a
 * folder: the same .tar.gz, byte for byte the same layout, produced as it is read.
 */
export function packArchiveFrom(entries: ArchiveEntrySource[]): Readable {
  return Readable.from(tarGzFrom(entries), { objectMode: false, highWaterMark: CHUNK });
}
