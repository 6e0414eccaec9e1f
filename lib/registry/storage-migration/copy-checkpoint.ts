import "server-only";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { compareFiles, fileDigestList, type FileDigest } from "../../archive";
import type { CheckpointSource, CheckpointStorage } from "../storage/storage";
import type { CheckpointToMove } from "./checkpoints-to-move";

/** What copying one checkpoint did: copied now, found already copied (and intact) by an earlier run, or nothing stored to copy. */
export type CopyOutcome = "copied" | "already-copied" | "no-files";

/** The copy at the target differs from what was recorded for the checkpoint. */
export class CopyMismatch extends Error {}

/** Files read straight from one storage into the target's private folder, hashed on the way (a local target). */
function fileByFile(from: CheckpointStorage, uuid: string): CheckpointSource {
  return {
    kind: "fill",
    fill: async (dir) => {
      const sizes: Record<string, number> = {};
      const digests: Record<string, string> = {};
      for (const f of await from.listFiles(uuid)) {
        const dest = path.resolve(/*turbopackIgnore: true*/ dir, ...f.path.split("/"));
        if (!dest.startsWith(path.resolve(/*turbopackIgnore: true*/ dir) + path.sep)) throw new Error(`Checkpoint ${uuid}: refusing the stored path ${JSON.stringify(f.path)}.`);
        await fs.promises.mkdir(path.dirname(dest), { recursive: true });
        const hash = crypto.createHash("sha256");
        let size = 0;
        const tap = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); size += chunk.length; done(null, chunk); } });
        await pipeline(await from.openFile(uuid, f.path), tap, fs.createWriteStream(dest));
        sizes[f.path] = size;
        digests[f.path] = hash.digest("hex");
      }
      return { sizes, digests };
    },
  };
}

/**
 * How the bytes travel: into a local folder file by file; into object storage as the
 * source's .tar.gz stream, which the storage unpacks straight into its uploads (no
 * staging on local disk; the packer stores incompressible files without deflating).
 * The limits are off: the source is our own storage, and the copy is checked against
 * the recorded digests before anything points at it.
 */
async function sourceFor(from: CheckpointStorage, to: CheckpointStorage, uuid: string): Promise<CheckpointSource> {
  if (to.kind === "local") return fileByFile(from, uuid);
  return { kind: "archive", archive: await from.openArchive(uuid), limits: { maxBytes: Number.MAX_SAFE_INTEGER, maxEntries: Number.MAX_SAFE_INTEGER } };
}

/** The files the checkpoint must have: its recorded sizes and digests, or the source's own when no digest is recorded yet. */
async function expectedFiles(from: CheckpointStorage, cp: CheckpointToMove): Promise<FileDigest[]> {
  const d = cp.digests;
  if (d && Object.keys(cp.resources).every((p) => typeof d[p] === "string")) return fileDigestList(cp.resources, d);
  return from.hashFiles(cp.uuid);
}

function describe(problems: { path: string; problem: string }[]): string {
  return problems.slice(0, 3).map((p) => `${p.path} (${p.problem})`).join(", ") + (problems.length > 3 ? `, and ${problems.length - 3} more` : "");
}

/**
 * Copies one checkpoint's files from `from` to `to` and verifies the copy by reading it
 * back from `to` and comparing every file's size and SHA-256 with the recorded ones
 * (docs/decisions/096-storage-migration.md). A copy an interrupted run left at the
 * target is verified the same way and kept when intact, replaced otherwise. A copy
 * that does not match is removed and CopyMismatch thrown: the checkpoint keeps
 * being read from `from`. `onBytes` sees the verified bytes.
 */
export async function copyCheckpoint(
  from: CheckpointStorage, to: CheckpointStorage, cp: CheckpointToMove, onBytes?: (n: number) => void,
): Promise<CopyOutcome> {
  const { uuid } = cp;
  if (!(await from.exists(uuid))) {
    if (cp.digests && (await to.exists(uuid))) {
      // Copied and switched by hand, or the source is gone after an earlier copy: keep it only if intact.
      const problems = compareFiles(fileDigestList(cp.resources, cp.digests), await to.hashFiles(uuid, onBytes));
      if (!problems.length) return "already-copied";
    }
    return "no-files";
  }
  const expected = await expectedFiles(from, cp);
  if (await to.exists(uuid)) {
    let seen = 0;
    const problems = compareFiles(expected, await to.hashFiles(uuid, (n) => (seen += n)));
    if (!problems.length) {
      onBytes?.(seen);
      return "already-copied";
    }
    await to.deleteCheckpoint(uuid); // a stale or damaged copy: copy again
  }
  await to.writeCheckpoint(uuid, await sourceFor(from, to, uuid));
  const problems = compareFiles(expected, await to.hashFiles(uuid, onBytes));
  if (problems.length) {
    await to.deleteCheckpoint(uuid);
    throw new CopyMismatch(`the copy in ${to.location} does not match the digests recorded at upload: ${describe(problems)}. The files in ${from.location} may be damaged; run npm run storage:verify.`);
  }
  return "copied";
}
