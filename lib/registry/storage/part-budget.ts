import "server-only";
import { Transform } from "node:stream";

/**
 * How many multipart part buffers (each up to one part size) the process may hold at
 * once across every upload to object storage (decision 160). lib-storage's `Upload`
 * bounds one file (queueSize parts sent + one filling); this bounds them all together,
 * whatever the number of concurrent requests and files.
 */
export class PartBudget {
  private free: number;
  private readonly queue: { n: number; go: () => void }[] = [];
  /** Most buffers held at once since the budget was made (tests and the bench read it). */
  peak = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new Error(`A part budget needs at least 2 buffers (got ${capacity}).`);
    this.free = capacity;
  }

  get inUse(): number {
    return this.capacity - this.free;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Waits, first come first served, until `n` buffers are free together, and holds them. */
  take(n: number): Promise<void> {
    if (n > this.capacity) throw new Error(`${n} part buffers asked of a budget of ${this.capacity}.`);
    if (!this.queue.length && this.free >= n) return Promise.resolve(this.hold(n));
    return new Promise((go) => this.queue.push({ n, go }));
  }

  /** `n` buffers if they are free and nobody waits before us; never waits. */
  tryTake(n = 1): boolean {
    if (this.queue.length || this.free < n) return false;
    this.hold(n);
    return true;
  }

  give(n: number): void {
    this.free += n;
    while (this.queue.length && this.free >= this.queue[0].n) {
      const next = this.queue.shift()!;
      this.hold(next.n);
      next.go();
    }
  }

  private hold(n: number): void {
    this.free -= n;
    this.peak = Math.max(this.peak, this.inUse);
  }
}

/**
 * The stream between one file's bytes and its `Upload`: lets the first byte of each part
 * through only when the upload holds a buffer for that part, so the parts being filled
 * or sent by this upload never outnumber the buffers it holds.
 *
 * Why this cannot deadlock: lib-storage hands a part to a sender only once the first
 * byte of the next part has arrived (or the stream ended), so an upload that held one
 * buffer, filled, could wait forever for a second one while every other upload does the
 * same. Each upload therefore starts only with its `base` (2 for a multipart upload: the
 * part being filled and the part before it, which is then being sent; 1 for a file of
 * one part) and never gives those back before it ends. A part it sent always completes
 * (or fails the upload) and frees one of its own buffers, so every upload that has
 * started can finish with what it holds. Beyond `base` it takes free buffers without
 * waiting (up to `max`: queueSize + 1), and gives them back as its parts complete when
 * others are waiting or it has nothing to fill.
 */
export class PartGate extends Transform {
  private held = 0;
  private started = 0;
  private completed = new Set<number>();
  private passed = 0;
  private wake?: () => void;
  private released = false;
  /** The base buffers are asked for with the first byte (an empty file asks for none). */
  private admitted = false;

  constructor(
    private readonly budget: PartBudget,
    private readonly partSize: number,
    private readonly base: number,
    private readonly max: number,
    highWaterMark: number,
  ) {
    super({ highWaterMark });
  }

  private get active(): number {
    return this.started - this.completed.size;
  }

  /** lib-storage reports each part as it completes (`httpUploadProgress`, `part`). */
  partDone(part: number): void {
    if (this.released || part > this.started || this.completed.has(part)) return;
    this.completed.add(part);
    if (this.wake) {
      const go = this.wake;
      this.wake = undefined;
      go();
    } else if (this.held > this.base) {
      this.held--;
      this.budget.give(1);
    }
  }

  /** When the upload has ended (stored, failed or aborted): every buffer goes back. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.held);
    this.held = 0;
    this.wake?.();
  }

  /** A buffer for the part about to start, if one is at hand now (false: wait for one of ours to complete). */
  private trySlot(): boolean {
    if (this.active >= this.held) {
      if (this.held >= this.max || !this.budget.tryTake()) return false;
      this.held++;
    }
    // Others waiting for their base: hand back what is beyond ours as soon as it is unused.
    while (this.held > this.base && this.active < this.held - 1 && this.budget.waiting) {
      this.held--;
      this.budget.give(1);
    }
    this.started++;
    return true;
  }

  // Synchronous while buffers are at hand (the usual case: no promise per chunk); it
  // waits only for its admission or for one of its own parts to complete.
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    let at = 0;
    const go = (): void => {
      // The upload is over (failed: its caller destroys this stream): nothing more to pass.
      if (this.released) return done();
      if (!this.admitted) {
        if (!this.budget.tryTake(this.base)) {
          void this.budget.take(this.base).then(() => {
            this.admitted = true;
            if (this.released) return void this.budget.give(this.base);
            this.held = this.base;
            go();
          });
          return;
        }
        this.admitted = true;
        this.held = this.base;
      }
      while (at < chunk.length) {
        const partStarts = this.passed % this.partSize === 0 && this.started === this.passed / this.partSize;
        if (partStarts && !this.trySlot()) {
          this.wake = go;
          return;
        }
        const n = Math.min(chunk.length - at, this.partSize - (this.passed % this.partSize));
        this.push(at === 0 && n === chunk.length ? chunk : chunk.subarray(at, at + n));
        this.passed += n;
        at += n;
      }
      done();
    };
    go();
  }
}

/** Part buffers per process unless MREG_S3_PART_BUFFERS says otherwise: 8 x 8 MiB parts = 64 MiB. */
export const DEFAULT_PART_BUFFERS = 8;

const g = globalThis as unknown as { __registryPartBudget?: PartBudget };

/** The process's one budget (MREG_S3_PART_BUFFERS, at least 2), shared by every S3 storage it opens. */
export function processPartBudget(): PartBudget {
  if (!g.__registryPartBudget) {
    const raw = process.env.MREG_S3_PART_BUFFERS;
    const n = raw ? Number(raw) : DEFAULT_PART_BUFFERS;
    if (!Number.isInteger(n) || n < 2) throw new Error(`MREG_S3_PART_BUFFERS=${raw} is not a whole number of at least 2.`);
    g.__registryPartBudget = new PartBudget(n);
  }
  return g.__registryPartBudget;
}
