import "server-only";
import { Writable } from "node:stream";
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand,
  type CompletedPart, type S3Client,
} from "@aws-sdk/client-s3";
import type { PartBudget } from "./part-budget";

/** S3's most parts in one multipart upload. */
export const MAX_PARTS = 10_000;
const MiB = 1024 * 1024;

/**
 * The part size for a file of `size` bytes: the budget's (5 MiB), or, for a file of more
 * than 10,000 of those (about 49 GiB), the least whole number of MiB that keeps it
 * within 10,000 parts.
 */
export function partSizeFor(size: number, budgetPartSize: number): number {
  return Math.max(budgetPartSize, Math.ceil(size / MAX_PARTS / MiB) * MiB);
}

/**
 * The writable end of one object of `size` bytes (decision 170): the bytes are copied
 * into part buffers taken from the process's part budget, and each full buffer goes
 * out as an UploadPart while the next one fills; a file of one part is one PutObject.
 * At most `queueSize` parts of a file are being sent, plus the one filling. A buffer
 * goes back to the budget when its part is stored, so the part memory of an upload is
 * at most (queueSize + 1) buffers, allocated once and reused part after part.
 *
 * `done` settles once the object is stored (CompleteMultipartUpload), or once a
 * failure has been cleaned up: parts in flight cancelled, the multipart upload
 * aborted (if storage still answers; else the sweep does it, decision 092), every
 * buffer given back. `storageFailed` tells a storage error from a body that failed.
 *
 * Why no deadlock between uploads waiting for buffers: a writer waits for a buffer
 * only when it holds none being filled, and every buffer held is either being filled
 * by a writer that is taking bytes or being sent, which ends by itself.
 */
export class MultipartWriter extends Writable {
  readonly done: Promise<void>;
  storageFailed = false;
  private resolveDone!: () => void;
  private rejectDone!: (err: Error) => void;
  private part?: Buffer;
  private filled = 0;
  private written = 0;
  private parts = 0;
  private readonly sending = new Set<Promise<void>>();
  private readonly stored: CompletedPart[] = [];
  private uploadId?: Promise<string>;
  private readonly abort = new AbortController();
  private ended = false;

  constructor(private readonly opts: { client: S3Client; bucket: string; key: string; size: number; budget: PartBudget; queueSize: number }) {
    super({ highWaterMark: 1024 * 1024 });
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => {});
    // Every failure is reported by `done` (after its clean-up): the 'error' event is not the channel.
    this.on("error", () => {});
  }

  private get partSize(): number {
    return partSizeFor(this.opts.size, this.opts.budget.partSize);
  }

  /** The size of the part about to start: a whole part, or what is left of the file. */
  private nextPartSize(): number {
    return this.opts.size <= this.partSize ? Math.max(1, this.opts.size) : this.partSize;
  }

  // Synchronous while a buffer is at hand (the usual case: no promise per chunk); it
  // waits only for a buffer, or for one of its own parts when queueSize are in flight.
  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.written + chunk.length > this.opts.size) {
      return callback(new Error(`${this.opts.key}: more bytes than the ${this.opts.size} announced.`));
    }
    let at = 0;
    const go = (): void => {
      while (at < chunk.length) {
        if (!this.part) return void this.nextBuffer().then(go, callback);
        const n = chunk.copy(this.part, this.filled, at);
        this.filled += n;
        this.written += n;
        at += n;
        if (this.filled === this.part.length) this.send();
      }
      callback();
    };
    go();
  }

  /** Waits until fewer than queueSize of this file's parts are in flight, then for a buffer. */
  private async nextBuffer(): Promise<void> {
    while (this.sending.size >= this.opts.queueSize) await Promise.race(this.sending);
    if (this.abort.signal.aborted) throw new Error("the upload was stopped");
    const buf = await this.opts.budget.take(this.nextPartSize());
    if (this.abort.signal.aborted) {
      this.opts.budget.give(buf);
      throw new Error("the upload was stopped");
    }
    this.part = buf;
    this.filled = 0;
  }

  /** Sends the filled part (all of it, or the file's last bytes) and forgets it; its buffer goes back once stored. */
  private send(): void {
    const buf = this.part!;
    const body = buf.subarray(0, this.filled);
    this.part = undefined;
    this.filled = 0;
    const number = ++this.parts;
    const { client, bucket, key, size } = this.opts;
    const signal = this.abort.signal;
    const sent = (async () => {
      try {
        if (number === 1 && size <= this.partSize) {
          await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }), { abortSignal: signal });
          return;
        }
        this.uploadId ??= client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }), { abortSignal: signal })
          .then((r) => r.UploadId!);
        const UploadId = await this.uploadId;
        const res = await client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: number, Body: body }), { abortSignal: signal });
        if (!res.ETag) throw new Error(`part ${number} of ${key} was stored without an ETag`);
        this.stored.push({ PartNumber: number, ETag: res.ETag });
      } finally {
        this.opts.budget.give(buf);
      }
    })();
    const tracked = sent.then(() => { this.sending.delete(tracked); }, (err: Error) => {
      this.sending.delete(tracked);
      if (signal.aborted) return; // cancelled by a failure already being handled
      this.storageFailed = true;
      this.destroy(err);
    });
    this.sending.add(tracked);
  }

  override _final(callback: (err?: Error | null) => void): void {
    void (async () => {
      if (this.written !== this.opts.size) throw new Error(`${this.opts.key}: the file ended after ${this.written} of its ${this.opts.size} bytes.`);
      // An empty file is one empty PUT; otherwise the last part, however short.
      if (this.opts.size === 0) await this.nextBuffer();
      if (this.part) this.send();
      while (this.sending.size) await Promise.race(this.sending);
      if (this.destroyed || this.abort.signal.aborted) return;
      if (this.uploadId) {
        const UploadId = await this.uploadId;
        const Parts = [...this.stored].sort((a, b) => a.PartNumber! - b.PartNumber!);
        await this.opts.client.send(new CompleteMultipartUploadCommand({
          Bucket: this.opts.bucket, Key: this.opts.key, UploadId, MultipartUpload: { Parts },
        }), { abortSignal: this.abort.signal }).catch((err: Error) => {
          this.storageFailed = true;
          throw err;
        });
      }
      this.ended = true;
    })().then(() => {
      callback();
      if (this.ended) this.resolveDone();
    }, callback);
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    if (this.ended) return callback(err);
    const why = err ?? new Error(`${this.opts.key}: the upload was closed before its end`);
    this.abort.abort();
    void (async () => {
      // Cancelled parts settle quickly; only then are their buffers given back (never while a socket may still read them).
      await Promise.allSettled([...this.sending]);
      if (this.part) {
        this.opts.budget.give(this.part);
        this.part = undefined;
      }
      const uploadId = await this.uploadId?.catch(() => undefined);
      if (uploadId) {
        await this.opts.client.send(new AbortMultipartUploadCommand({ Bucket: this.opts.bucket, Key: this.opts.key, UploadId: uploadId }))
          .catch(() => { /* storage unreachable: the sweep aborts it later */ });
      }
    })().finally(() => {
      this.rejectDone(why);
      callback(err);
    });
  }
}
