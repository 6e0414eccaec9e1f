import { promisify } from "node:util";
import zlib from "node:zlib";

const deflateRaw = promisify(zlib.deflateRaw);
const MAX_STORED = 0xffff;
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]); // deflate, no name, mtime 0, Unix
const LAST_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]); // an empty stored block with BFINAL set

/**
 * One gzip member (RFC 1952) assembled from segments that are each either
 * deflated or stored, chosen per call. Node's zlib cannot do this itself:
 * Gzip.params() does not switch a running stream to level 0 (measured on
 * Node 20.20: it keeps compressing at the old level).
 *
 * Each deflated segment is an independent raw deflate run ended with a sync
 * flush, so it stops on a byte boundary without a final block, and stored
 * blocks can follow it; the member ends with an empty final block and the
 * CRC-32 and length trailer. Any gzip reader sees one ordinary deflate stream.
 */
export class GzipWriter {
  private crc = 0;
  private size = 0;

  header(): Buffer {
    return Buffer.from(HEADER);
  }

  /** `data` as the next segment: stored blocks at level 0, raw deflate (on the thread pool) otherwise. */
  async segment(data: Buffer, level: number): Promise<Buffer> {
    this.crc = crc32(data, this.crc);
    this.size = (this.size + data.length) >>> 0;
    if (level > 0) return deflateRaw(data, { level, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    return storedBlocks(data);
  }

  trailer(): Buffer {
    const end = Buffer.alloc(LAST_BLOCK.length + 8);
    LAST_BLOCK.copy(end);
    end.writeUInt32LE(this.crc >>> 0, LAST_BLOCK.length);
    end.writeUInt32LE(this.size, LAST_BLOCK.length + 4);
    return end;
  }
}

/** Deflate stored blocks: a 5-byte header (BFINAL 0, type 00, LEN, ~LEN) before each run of at most 65535 bytes. */
function storedBlocks(data: Buffer): Buffer {
  const blocks = Math.ceil(data.length / MAX_STORED);
  const out = Buffer.allocUnsafe(data.length + 5 * blocks);
  let at = 0;
  for (let from = 0; from < data.length; from += MAX_STORED) {
    const len = Math.min(MAX_STORED, data.length - from);
    out[at] = 0;
    out.writeUInt16LE(len, at + 1);
    out.writeUInt16LE(len ^ 0xffff, at + 3);
    data.copy(out, at + 5, from, from + len);
    at += 5 + len;
  }
  return out;
}

/** CRC-32 as gzip uses it: zlib's (SIMD, Node >= 20.15), or tableCrc32 on older Node 20 releases. */
export function crc32(data: Buffer, value = 0): number {
  return typeof zlib.crc32 === "function" ? zlib.crc32(data, value) : tableCrc32(data, value);
}

let table: Int32Array | undefined;

export function tableCrc32(data: Buffer, value = 0): number {
  table ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
