import { Transform } from "node:stream";
import { Worker } from "node:worker_threads";

// SHA-256 of upload streams on a thread of their own (docs/decisions/073-hashing-off-the-main-thread.md).
// On the main thread, hashing took a third off the extraction's throughput (it runs
// beside inflate and the file writes, which already keep that thread busy); here the
// main thread only copies each byte once into 1 MiB batches it hands over. Batches go
// back and forth by transfer (no copy), and are reused: a fresh 1 MiB buffer per batch
// costs its page faults and zeroing on the main thread.

// The worker's code inline (`eval`): no file for a bundler to find and place.
const SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const open = new Map();
parentPort.on("message", (m) => {
  if (m.op === "update") {
    let h = open.get(m.id);
    if (!h) open.set(m.id, (h = createHash("sha256")));
    h.update(new Uint8Array(m.buf, 0, m.len));
    parentPort.postMessage({ op: "ack", len: m.len, buf: m.buf }, [m.buf]);
  } else if (m.op === "digest") {
    const h = open.get(m.id) || createHash("sha256");
    open.delete(m.id);
    parentPort.postMessage({ op: "digest", id: m.id, hex: h.digest("hex") });
  } else if (m.op === "drop") {
    open.delete(m.id);
  }
});`;

const BATCH = 1024 * 1024;
// Bytes handed over but not hashed yet, across every stream of the process: past
// this the streams are asked to wait, so a slow hash slows the upload instead of filling memory.
const MAX_IN_FLIGHT = 32 * 1024 * 1024;
const POOL = MAX_IN_FLIGHT / BATCH + 8;

type Pool = {
  worker: Worker;
  inFlight: number;
  nextId: number;
  free: ArrayBuffer[];
  digests: Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>;
  waiting: (() => void)[];
};
let pool: Pool | undefined;

function hasherPool(): Pool {
  if (pool) return pool;
  const worker = new Worker(SOURCE, { eval: true });
  // Idle, it must not keep a CLI or a test process alive.
  worker.unref();
  const p: Pool = { worker, inFlight: 0, nextId: 1, free: [], digests: new Map(), waiting: [] };
  worker.on("message", (m: { op: string; len?: number; buf?: ArrayBuffer; id?: number; hex?: string }) => {
    if (m.op === "ack") {
      p.inFlight -= m.len!;
      if (m.buf!.byteLength === BATCH && p.free.length < POOL) p.free.push(m.buf!);
      if (p.inFlight <= MAX_IN_FLIGHT / 2) for (const go of p.waiting.splice(0)) go();
    } else if (m.op === "digest") {
      p.digests.get(m.id!)?.resolve(m.hex!);
      p.digests.delete(m.id!);
    }
    if (!p.digests.size && !p.inFlight) worker.unref();
  });
  const broken = (err: Error) => {
    if (pool === p) pool = undefined;
    for (const d of p.digests.values()) d.reject(err);
    p.digests.clear();
    for (const go of p.waiting.splice(0)) go();
  };
  worker.on("error", broken);
  worker.on("exit", (code) => broken(new Error(`The hashing thread stopped (exit code ${code}).`)));
  pool = p;
  return p;
}

/**
 * The SHA-256 of one file's bytes, fed chunk by chunk as they pass to the file's writer.
 * `update` answers false when the hashing thread is behind: the caller pauses its
 * source and resumes it from `onReady`.
 */
export type FileHasher = {
  update: (chunk: Buffer) => boolean;
  onReady: (go: () => void) => void;
  /** After the last update: the hex digest. */
  digest: () => Promise<string>;
  /** Forgets an unfinished hash (a failed upload); a no-op after digest(). */
  drop: () => void;
};

/** `expectedSize` (the tar header's): a file smaller than a batch gets a buffer its size when none is free. */
export function fileHasher(expectedSize = BATCH): FileHasher {
  const p = hasherPool();
  const id = p.nextId++;
  let remaining = Math.max(0, expectedSize);
  const nextBuffer = () => p.free.pop() ?? new ArrayBuffer(remaining > 0 ? Math.min(BATCH, remaining) : BATCH);
  let buf: ArrayBuffer | undefined;
  let len = 0;
  let finished = false;
  const post = () => {
    if (!buf || !len) return;
    p.inFlight += len;
    p.worker.ref(); // bytes owed back: stay alive for them (idle, the thread is unref'd)
    p.worker.postMessage({ op: "update", id, buf, len }, [buf]);
    remaining = Math.max(0, remaining - len);
    buf = undefined;
    len = 0;
  };
  return {
    update: (chunk) => {
      for (let at = 0; at < chunk.length;) {
        buf ??= nextBuffer();
        const n = Math.min(buf.byteLength - len, chunk.length - at);
        new Uint8Array(buf, len, n).set(chunk.subarray(at, at + n));
        len += n;
        at += n;
        if (len === buf.byteLength) post();
      }
      return p.inFlight <= MAX_IN_FLIGHT;
    },
    onReady: (go) => {
      if (p.inFlight <= MAX_IN_FLIGHT / 2) go();
      else p.waiting.push(go);
    },
    digest: () => {
      finished = true;
      post();
      return new Promise<string>((resolve, reject) => {
        p.digests.set(id, { resolve, reject });
        p.worker.ref(); // a digest is owed: stay alive for it
        p.worker.postMessage({ op: "digest", id });
      });
    },
    drop: () => {
      if (finished) return;
      finished = true;
      p.worker.postMessage({ op: "drop", id });
    },
  };
}

/**
 * A pass-through stream that feeds a FileHasher, holding a chunk back while the hashing
 * thread is behind. Piped between a tar entry and its file (not a "data" listener: a
 * tar entry hands its first bytes to its pipes as they are attached, before a listener
 * added after pipe() could see them). Its buffers are as large as the file writer's, so
 * it does not make the entry stop and start on every chunk.
 */
export function hashingPassThrough(hasher: FileHasher, highWaterMark: number): Transform {
  return new Transform({
    highWaterMark,
    transform(chunk: Buffer, _enc, cb) {
      if (hasher.update(chunk)) return cb(null, chunk);
      hasher.onReady(() => cb(null, chunk));
    },
  });
}
