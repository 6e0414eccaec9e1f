import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import zlib from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { ArchiveError } from "./archive-error";
import type { ArchiveLimits } from "./archive-limits";
import { safeEntryPath } from "./safe-entry-path";
import { fileHasher, hashingPassThrough } from "./hash-worker";
import { WriteBack } from "./write-back";

const FILE_TYPES = new Set(["File", "OldFile", "ContiguousFile"]);
// Headers, pax records and block padding sit beside file content in the inflated
// stream; allow that much per entry before calling the stream a bomb.
const OVERHEAD_PER_ENTRY = 8 * 1024;
// Inflate input and output and file write buffers: at 16-64 KiB the per-chunk
// hops (thread pool, callbacks, one write(2) each) and not the bytes set the pace.
const BATCH = 1024 * 1024;
const CHUNK = 256 * 1024;
const WRITE_BUFFER = 4 * 1024 * 1024;

/**
 * `manifest`: every file the archive named (relative "/" path) and its size, as written;
 * `digests`: each file's SHA-256 (hex) of the bytes written, when asked for (else empty).
 */
export type ExtractResult = { files: number; bytes: number; manifest: Record<string, number>; digests: Record<string, string> };

/**
 * Where unpacked files go when not into a local folder (object storage): `open` gives
 * a writable for one file and a promise that settles once that file is stored (or
 * failed). `open` is called at most once per path, with at most `concurrency` files
 * stored at a time; the archive waits (back-pressure) for a free slot.
 */
export type FileSink = {
  open(rel: string, size: number): { stream: Writable; done: Promise<void> };
  concurrency: number;
};

/** A counting semaphore: at most `n` holders at once, the rest wait in order. */
function slots(n: number) {
  let free = n;
  const queue: (() => void)[] = [];
  return {
    take: () => new Promise<void>((resolve) => (free > 0 ? (free--, resolve()) : queue.push(resolve))),
    give: () => {
      const next = queue.shift();
      if (next) next();
      else free++;
    },
  };
}

function describeZlibError(err: NodeJS.ErrnoException): ArchiveError {
  if (err.code === "Z_BUF_ERROR") return new ArchiveError("INVALID", "The archive ended early: the upload was truncated or the gzip stream is incomplete.");
  if (/header check/.test(err.message)) return new ArchiveError("INVALID", "The upload is not gzip-compressed; send a .tar.gz archive.");
  return new ArchiveError("INVALID", `The gzip stream is corrupt (${err.message}).`);
}

/**
 * Streams a .tar.gz into `dest` (an empty private folder) with constant memory:
 * gunzip and tar parsing are back-pressured by the file writes. Everything that
 * could leave `dest` or exhaust the disk is refused with an ArchiveError, and on
 * any failure this waits for every pending file operation before rejecting, so
 * the caller can remove `dest` without a late write re-creating it.
 * `earlyWriteBack`: for a caller that fsyncs the files afterwards (write-back.ts).
 * `digests`: hash every file's bytes on their way to the disk, in the same pass
 * (docs/decisions/070-checkpoint-digests-and-manifest.md).
 * `dest` may instead be a FileSink: each file then streams into the sink's writable
 * (hashed on the way, just the same) and folders are not created.
 */
export async function extractArchive(
  source: Readable,
  dest: string | FileSink,
  limits: ArchiveLimits,
  options: { earlyWriteBack?: boolean; digests?: boolean } = {},
): Promise<ExtractResult> {
  let failure: Error | undefined;
  let rejectFailed!: (e: Error) => void;
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => {});
  const pending = new Set<Promise<unknown>>();
  const outputs = new Set<fs.WriteStream>();
  const streams: { destroy(): unknown }[] = [];
  let entries = 0;
  let files = 0;
  let bytes = 0;
  let inflated = 0;
  const manifest: Record<string, number> = {};
  const digests: Record<string, string> = {};
  const inflateCap = limits.maxBytes + OVERHEAD_PER_ENTRY * (limits.maxEntries + 2);
  const sink = typeof dest === "string" ? undefined : dest;
  const sinkSlots = sink ? slots(Math.max(1, sink.concurrency)) : undefined;
  const sinkStreams = new Set<Writable>();

  const fail = (err: unknown) => {
    if (failure) return;
    failure = err instanceof Error ? err : new Error(String(err));
    for (const out of outputs) out.destroy();
    for (const out of sinkStreams) out.destroy(failure);
    // Stop reading at once: a refused upload should not be inflated any further.
    for (const s of streams) s.destroy();
    rejectFailed(failure);
  };
  const track = (p: Promise<unknown>) => {
    pending.add(p);
    p.catch(fail).finally(() => pending.delete(p));
  };

  const parser = new Parser({ strict: true, brotli: false, zstd: false });
  // After the end-of-archive blocks tar's parser keeps every further byte in one
  // growing buffer (re-concatenated per chunk). Stop feeding it there: trailing
  // padding is read, counted against the inflate cap, and dropped.
  let sawEof = false;
  parser.on("eof", () => (sawEof = true));
  parser.on("error", (err: Error) => {
    const why = err.message.replace(/^TAR_\w+: /, "");
    fail(new ArchiveError("INVALID", entries === 0 && /Unrecognized archive format/.test(why)
      ? "The archive contains no files (or is not a tar archive)."
      : `The archive is not a valid tar file (${why}).`));
  });
  parser.on("entry", (entry: ReadEntry) => {
    if (failure) return void entry.resume();
    try {
      const rel = safeEntryPath(entry.path);
      if (++entries > limits.maxEntries) {
        throw new ArchiveError("TOO_LARGE", `The archive has more than ${limits.maxEntries} entries; the limit is ${limits.maxEntries}.`);
      }
      if (entry.type === "Directory") {
        entry.resume();
        if (rel && !sink) track(fsp.mkdir(path.join(dest as string, rel), { recursive: true }));
        return;
      }
      if (entry.type === "SymbolicLink" || entry.type === "Link") {
        throw new ArchiveError("INVALID", `Archive entry "${entry.path}" is a ${entry.type === "Link" ? "hard" : "symbolic"} link; checkpoints hold regular files and folders only.`);
      }
      if (!FILE_TYPES.has(entry.type)) {
        throw new ArchiveError("INVALID", `Archive entry "${entry.path}" is a ${entry.type} entry; checkpoints hold regular files and folders only.`);
      }
      if (!rel) throw new ArchiveError("INVALID", `Archive entry "${entry.path}" is a file without a name.`);
      bytes += entry.size ?? 0;
      if (bytes > limits.maxBytes) {
        throw new ArchiveError("TOO_LARGE", `The archive holds more than ${limits.maxBytes} bytes of files; the limit is ${limits.maxBytes}.`);
      }
      files++;
      if (sink) {
        // A sink overwrites silently where a folder refuses ("wx" below): refuse here.
        if (rel in manifest) throw new ArchiveError("INVALID", `Archive entry "${entry.path}" appears twice.`);
        manifest[rel] = entry.size ?? 0;
        track(toSink(entry, rel));
        return;
      }
      manifest[rel] = entry.size ?? 0;
      const target = path.join(dest as string, rel);
      track((async () => {
        await fsp.mkdir(path.dirname(target), { recursive: true });
        if (failure) return void entry.resume();
        // "wx": a second entry with the same path is refused instead of overwriting.
        const out = fs.createWriteStream(target, { flags: "wx", mode: 0o644, highWaterMark: WRITE_BUFFER });
        outputs.add(out);
        const done = new Promise<void>((resolve, reject) => {
          out.on("close", resolve);
          out.on("error", (e: NodeJS.ErrnoException) => reject(
            e.code === "EEXIST" ? new ArchiveError("INVALID", `Archive entry "${entry.path}" appears twice.`)
              : e.code === "ENOTDIR" || e.code === "EISDIR" || e.code === "ENAMETOOLONG"
                ? new ArchiveError("INVALID", `Archive entry "${entry.path}" cannot be stored (${e.code}).`)
                : e,
          ));
        });
        // The bytes on their way to the file's writer are hashed as they pass: no second
        // read. When the hashing thread is behind, the entry waits as it would for the disk.
        const hasher = options.digests ? fileHasher(entry.size ?? 0) : undefined;
        if (hasher) {
          const hashing = hashingPassThrough(hasher, WRITE_BUFFER);
          hashing.on("error", (e) => out.destroy(e));
          entry.pipe(hashing).pipe(out);
        } else {
          entry.pipe(out);
        }
        // Listening only after pipe(): a "data" listener on an unpiped entry would start the flow without `out`.
        const writeBack = options.earlyWriteBack ? new WriteBack(target) : undefined;
        if (writeBack) entry.on("data", (chunk: Buffer) => writeBack.wrote(chunk.length));
        try {
          await done;
          if (hasher) digests[rel] = await hasher.digest();
        } finally {
          hasher?.drop();
          await writeBack?.close();
        }
        outputs.delete(out);
      })().catch((e) => {
        entry.resume();
        throw e;
      }));
    } catch (err) {
      entry.resume();
      fail(err);
    }
  });

  // One file into the sink: waits for a slot (the entry, unread, holds the parser back),
  // then streams through the hasher into the sink's writable.
  async function toSink(entry: ReadEntry, rel: string): Promise<void> {
    await sinkSlots!.take();
    try {
      if (failure) return void entry.resume();
      const { stream, done } = sink!.open(rel, entry.size ?? 0);
      sinkStreams.add(stream);
      done.catch(() => {});
      const hasher = options.digests ? fileHasher(entry.size ?? 0) : undefined;
      try {
        if (hasher) {
          const hashing = hashingPassThrough(hasher, WRITE_BUFFER);
          hashing.on("error", (e) => stream.destroy(e));
          entry.pipe(hashing).pipe(stream);
        } else {
          entry.pipe(stream);
        }
        await done;
        if (hasher) digests[rel] = await hasher.digest();
      } finally {
        hasher?.drop();
        sinkStreams.delete(stream);
      }
    } catch (e) {
      entry.resume();
      throw e;
    } finally {
      sinkSlots!.give();
    }
  }

  const gunzip = zlib.createGunzip({ chunkSize: CHUNK });
  const interrupted = (why: string) => new ArchiveError("INVALID", `The upload was interrupted before the archive was complete (${why}).`);
  source.on("error", (e) => fail(interrupted(e.message)));
  gunzip.on("error", (e) => fail(describeZlibError(e)));
  streams.push(source, gunzip);
  // The body may have failed while the caller was still checking the checkpoint.
  if (source.destroyed) fail(interrupted(source.errored?.message ?? "closed"));
  // Network reads arrive in pieces of 64 KiB or less; handing them to zlib one
  // by one costs a thread-pool round trip each. Gathered into batches, inflating
  // a GiB takes a third less CPU.
  void (async () => {
    let parts: Buffer[] = [];
    let size = 0;
    const flush = async () => {
      const batch = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
      parts = [];
      size = 0;
      if (!gunzip.write(batch)) await Promise.race([once(gunzip, "drain"), failed]);
    };
    for await (const chunk of source) {
      if (failure) return;
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= BATCH) await flush();
    }
    if (size) await flush();
    gunzip.end();
  })().catch((e: Error) => fail(interrupted(e.message)));

  // The parser may emit "end" synchronously inside end(): listen before feeding it.
  const ended = once(parser, "end");
  ended.catch(() => {});
  try {
    for await (const chunk of gunzip) {
      if (failure) break;
      // Counted as it inflates: stops a bomb the tar headers do not announce.
      inflated += (chunk as Buffer).length;
      if (inflated > inflateCap) {
        throw new ArchiveError("TOO_LARGE", `The archive inflates to more than ${limits.maxBytes} bytes; the limit is ${limits.maxBytes}.`);
      }
      if (sawEof) continue;
      if (!parser.write(chunk as Buffer)) await Promise.race([once(parser, "drain"), failed]);
    }
    if (!failure) {
      parser.end();
      await Promise.race([ended, failed]);
    }
    while (pending.size && !failure) await Promise.race([Promise.all([...pending]), failed]);
  } catch (err) {
    fail(err);
  }
  if (failure) {
    await Promise.allSettled([...pending]);
    throw failure;
  }
  if (files === 0) throw new ArchiveError("INVALID", "The archive contains no files.");
  return { files, bytes, manifest, digests };
}
