// Builds tar archives byte by byte, so tests can produce the hostile entries
// (`../`, absolute paths, links, devices) that well-behaved tar writers refuse to make.
import zlib from "node:zlib";

export type RawEntry = { name: string; type?: "file" | "dir" | "symlink" | "hardlink" | "fifo" | "chardev"; body?: string | Buffer; linkname?: string; size?: number };

const TYPE_FLAG = { file: "0", hardlink: "1", symlink: "2", chardev: "3", dir: "5", fifo: "6" } as const;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

export function tarHeader(e: RawEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, "utf8");
  h.write(octal(e.type === "dir" ? 0o755 : 0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(1_700_000_000, 12), 136);
  h.write("        ", 148); // checksum placeholder: eight spaces
  h.write(TYPE_FLAG[e.type ?? "file"], 156);
  if (e.linkname) h.write(e.linkname, 157, 100, "utf8");
  h.write("ustar\0", 257);
  h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return h;
}

/** An uncompressed tar of the entries, with the two zero blocks that end an archive. */
export function rawTar(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? "");
    const size = e.type === "file" || e.type === undefined ? body.length : 0;
    parts.push(tarHeader(e, size));
    if (size) parts.push(body, Buffer.alloc((512 - (size % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const rawTarGz = (entries: RawEntry[]) => zlib.gzipSync(rawTar(entries));

/** A small .tar.gz whose single file inflates to `size` zero bytes. */
export function zeroBomb(size: number): Buffer {
  return zlib.gzipSync(Buffer.concat([tarHeader({ name: "bomb.bin" }, size), Buffer.alloc(size), Buffer.alloc(1024)]));
}

/** A valid tiny archive followed by `size` zero bytes: a bomb the headers do not announce. */
export function trailingZeroBomb(size: number): Buffer {
  return zlib.gzipSync(Buffer.concat([rawTar([{ name: "ok.txt", body: "ok" }]), Buffer.alloc(size)]));
}
