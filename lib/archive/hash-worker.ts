import { Transform } from "node:stream";
import { Worker } from "node:worker_threads";

// SHA-256 of upload streams on a thread of their own (docs/decisions/070-checkpoint-digests-and-manifest.md).
// On the main thread, hashing took a third off the extraction's throughput (it runs
// beside inflate and the file writes, which already keep that thread busy); here the
// main thread only copies each byte once into 1 MiB batches it hands over.

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
    parentPort.postMessage({ op: "ack", len: m.len });
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
// this the streams wait, so a slow hash slows the upload instead of filling memory.
const MAX_IN_FLIGHT = 32 * 1024 * 1024;

type Pool = {
  worker: Worker;
  inFlight: number;
  nextId: number;
  digests: Map<number, { resolve: (hex: string) => void; reject: (e: Error) => void }>;
  waiting: (() => void)[];
};
let pool: Pool | undefined;

function hasherPool(): Pool {
  if (pool) return pool;
  const worker = new Worker(SOURCE, { eval: true });
  // Idle, it must not keep a CLI or a test process alive.
  worker.unref();
  const p: Pool = { worker, inFlight: 0, nextId: 1, digests: new Map(), waiting: [] };
  worker.on("message", (m: { op: string; len?: number; id?: number; hex?: string }) => {
    if (m.op === "ack") {
      p.inFlight -= m.len!;
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

/** A pass-through stream that hashes what flows through it; `digest()` once it has ended. */
export type StreamHasher = { stream: Transform; digest: () => Promise<string>; drop: () => void };

/** `expectedSize` (the tar header's): batches no larger than the file, so a small file costs a small buffer. */
export function streamHasher(expectedSize = BATCH): StreamHasher {
  const p = hasherPool();
  const id = p.nextId++;
  let remaining = Math.max(0, expectedSize);
  // Past the expected size (never for a valid tar entry) whole batches again.
  const nextBuffer = () => new ArrayBuffer(remaining > 0 ? Math.min(BATCH, remaining) : BATCH);
  let buf = nextBuffer();
  let len = 0;
  let finished = false;
  const post = () => {
    if (!len) return;
    p.inFlight += len;
    p.worker.ref(); // bytes owed back: stay alive for them (idle, the thread is unref'd)
    p.worker.postMessage({ op: "update", id, buf, len }, [buf]);
    remaining = Math.max(0, remaining - len);
    buf = nextBuffer();
    len = 0;
  };
  const copy = (chunk: Buffer) => {
    for (let at = 0; at < chunk.length;) {
      const n = Math.min(buf.byteLength - len, chunk.length - at);
      new Uint8Array(buf, len, n).set(chunk.subarray(at, at + n));
      len += n;
      at += n;
      if (len === buf.byteLength) post();
    }
  };
  const stream = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      copy(chunk);
      if (p.inFlight <= MAX_IN_FLIGHT) return cb(null, chunk);
      p.waiting.push(() => cb(null, chunk));
    },
  });
  return {
    stream,
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
