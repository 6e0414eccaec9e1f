import "server-only";

/** Multipart part size: S3's minimum (lib-storage's default); a file of more than 10,000 such parts gets larger ones (multipart-writer.ts). */
export const PART_SIZE = 5 * 1024 * 1024;

/**
 * The multipart part buffers of one process (decisions 160, 170): at most `capacity` at
 * once across every upload to object storage, whatever the number of concurrent
 * requests and files. They are the buffers themselves, not a count beside them: a
 * writer (multipart-writer.ts) copies a file's bytes into one, sends it as a part and
 * gives it back when the part is stored, and the next part reuses it. So an upload
 * allocates its part memory once instead of a fresh buffer per part that the garbage
 * collector frees late (what lib-storage's chunker did: decision 170). When no upload
 * holds a buffer, the spare ones are let go, so an idle server does not keep them.
 */
export class PartBudget {
  private free: number;
  private readonly spare: Buffer[] = [];
  private readonly queue: { size: number; go: (buf: Buffer) => void }[] = [];
  /** Most buffers held at once since the budget was made (tests and the bench read it). */
  peak = 0;

  constructor(readonly capacity: number, readonly partSize = PART_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 2) throw new Error(`A part budget needs at least 2 buffers (got ${capacity}).`);
    this.free = capacity;
  }

  get inUse(): number {
    return this.capacity - this.free;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /**
   * A buffer of `size` bytes, waiting first come first served while every buffer is
   * held. Part-sized ones are reused; another size (a file smaller than a part, or one
   * so large that 10,000 parts must each be larger) is made to measure and counts as
   * one buffer all the same.
   */
  take(size = this.partSize): Promise<Buffer> {
    if (!this.queue.length && this.free > 0) return Promise.resolve(this.hold(size));
    return new Promise((go) => this.queue.push({ size, go }));
  }

  /** Gives a buffer back (once its part is stored, or its upload has ended). */
  give(buf: Buffer): void {
    this.free++;
    if (buf.length === this.partSize) this.spare.push(buf);
    const next = this.queue.shift();
    if (next) next.go(this.hold(next.size));
    else if (this.free === this.capacity) this.spare.length = 0;
  }

  private hold(size: number): Buffer {
    this.free--;
    this.peak = Math.max(this.peak, this.inUse);
    if (size !== this.partSize) return Buffer.allocUnsafe(size);
    return this.spare.pop() ?? Buffer.allocUnsafe(this.partSize);
  }
}

/** Part buffers per process unless MREG_S3_PART_BUFFERS says otherwise: 8 x 5 MiB parts = 40 MiB. */
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
