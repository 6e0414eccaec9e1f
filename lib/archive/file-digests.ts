import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { listArchiveFiles } from "./pack-archive";

/** One file of a checkpoint as its manifest lists it. */
export type FileDigest = { path: string; size: number; sha256: string };

const HEX64 = /^[0-9a-f]{64}$/;
const READ = 1024 * 1024;

/** Paths in the manifest's order: by their UTF-8 bytes, so every language sorts them alike. */
export function byUtf8Path(a: { path: string }, b: { path: string }): number {
  return Buffer.compare(Buffer.from(a.path, "utf8"), Buffer.from(b.path, "utf8"));
}

/**
 * The manifest of a checkpoint (docs/decisions/070-checkpoint-digests-and-manifest.md):
 * one line per file, sorted by the UTF-8 bytes of its path,
 * `<sha256 hex> <size in decimal> <path as a JSON string>\n`. The path is JSON-quoted so
 * a name holding a newline or spaces cannot make two different lists read alike.
 */
export function manifestText(files: FileDigest[]): string {
  return [...files].sort(byUtf8Path).map((f) => {
    if (!HEX64.test(f.sha256)) throw new Error(`Not a SHA-256 digest for ${f.path}: ${f.sha256}`);
    if (!Number.isSafeInteger(f.size) || f.size < 0) throw new Error(`Not a file size for ${f.path}: ${f.size}`);
    return `${f.sha256} ${f.size} ${JSON.stringify(f.path)}\n`;
  }).join("");
}

/** `sha256:<hex>` of the manifest text: one value that names the whole checkpoint. */
export function manifestDigest(files: FileDigest[]): string {
  return `sha256:${createHash("sha256").update(manifestText(files), "utf8").digest("hex")}`;
}

/** The manifest's entries from the two maps a checkpoint keeps (path -> size, path -> digest). */
export function fileDigestList(sizes: Record<string, number>, digests: Record<string, string>): FileDigest[] {
  return Object.keys(sizes).map((p) => ({ path: p, size: Number(sizes[p]), sha256: digests[p] ?? "" })).sort(byUtf8Path);
}

/** SHA-256 and size of one file, read once in 1 MiB pieces; `onBytes` sees the progress. */
export async function hashFile(file: string, onBytes?: (n: number) => void): Promise<{ size: number; sha256: string }> {
  const handle = await fs.open(file, "r");
  try {
    const hash = createHash("sha256");
    const buf = Buffer.allocUnsafe(READ);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, READ, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    return { size, sha256: hash.digest("hex") };
  } finally {
    await handle.close();
  }
}

/** Every regular file under dir with its size and SHA-256, in manifest order. */
export async function hashFolder(dir: string, onBytes?: (n: number) => void): Promise<FileDigest[]> {
  const out: FileDigest[] = [];
  for (const rel of await listArchiveFiles(dir)) out.push({ path: rel, ...(await hashFile(path.join(dir, rel), onBytes)) });
  return out.sort(byUtf8Path);
}

export type FileProblem = { path: string; problem: "missing" | "changed" | "extra" };

/** What differs between the files a checkpoint recorded and the files found: each missing, changed or extra file. */
export function compareFiles(expected: FileDigest[], found: FileDigest[]): FileProblem[] {
  const have = new Map(found.map((f) => [f.path, f]));
  const problems: FileProblem[] = [];
  for (const e of expected) {
    const f = have.get(e.path);
    if (!f) problems.push({ path: e.path, problem: "missing" });
    else if (f.size !== e.size || f.sha256 !== e.sha256) problems.push({ path: e.path, problem: "changed" });
    have.delete(e.path);
  }
  for (const p of have.keys()) problems.push({ path: p, problem: "extra" });
  return problems.sort(byUtf8Path);
}
