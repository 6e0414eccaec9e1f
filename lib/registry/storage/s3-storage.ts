import "server-only";
import crypto from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import {
  byUtf8Path, extractArchive, fileHasher, hashingPassThrough, packArchiveFrom, type FileDigest, type FileSink,
} from "../../archive";
import { RegistryError, notFound } from "../errors";
import { assertAllStored, computeResources } from "./local-folder-storage";
import { MultipartWriter } from "./multipart-writer";
import { processPartBudget, type PartBudget } from "./part-budget";
import { describeS3Error, s3ErrorName } from "./s3-errors";
import type { ByteRange, CheckpointSource, CheckpointStorage, FilesWritten, StoredFile, StoredFiles } from "./storage";

/** Parts in flight per file (the part size is the budget's, 8 MiB): bounded memory at any size (decision 170). */
const QUEUE = 4;
/** Files of one archive stored at once (many small files would otherwise go one round trip at a time). */
const FILES_AT_ONCE = 4;
/** Calls in parallel when removing many objects (one DeleteObject each: GCS's S3 interface has no multi-delete). */
const DELETE_PARALLEL = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type S3Settings = {
  bucket: string;
  /** Key prefix without leading or trailing "/" ("" for the bucket's root). */
  prefix: string;
  endpoint?: string;
  forcePathStyle: boolean;
  region: string;
  /** Unreferenced objects and multipart uploads younger than this are left alone by the sweep. */
  sweepGraceSeconds: number;
};

/** The uuids (of those given) whose objects must be kept: a row holds files (COMPLETED) or an upload is writing them. */
export type KeptCheckpoints = (uuids: string[]) => Promise<Set<string>>;

/** `s3://bucket/prefix` -> bucket and prefix. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const m = /^s3:\/\/([^/?#]+)\/?([^?#]*)$/i.exec(url);
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1])) {
    throw new RegistryError("INVALID", `MREG_STORAGE_URL=${url} is not s3://bucket/prefix with a valid bucket name.`);
  }
  return { bucket: m[1], prefix: m[2].replace(/^\/+|\/+$/g, "") };
}

type Marker = { uuid: string; committedAt: string; files: FileDigest[] };

/**
 * Checkpoint files in S3-compatible object storage (decisions 091, 092): one object per
 * file at `<prefix>/<uuid>/<path>`, and a commit marker `<prefix>/<uuid>.manifest.json`
 * written last, once every object is stored and read back; the marker is what `exists`
 * sees, so a checkpoint's files are visible all or nothing, as with the folder's rename.
 * Uploads stream into multipart uploads (multipart-writer.ts: QUEUE + 1 part buffers of
 * memory per file whatever its size), hashed in the same pass. Writers are kept apart
 * by the database (one upload claim per checkpoint, upload-claim.ts), so a writer may
 * clear whatever an earlier, failed writer left under the uuid.
 */
export class S3Storage implements CheckpointStorage {
  readonly kind = "s3" as const;
  readonly client: S3Client;
  private readonly base: string;
  private sweeper?: NodeJS.Timeout;

  /**
   * `partBudget`: the part buffers this storage's uploads may hold at once; by default
   * the process's one, shared by every S3Storage (tests pass their own to watch it).
   */
  constructor(readonly settings: S3Settings, private readonly kept: KeptCheckpoints, readonly partBudget: PartBudget = processPartBudget()) {
    this.base = settings.prefix ? `${settings.prefix}/` : "";
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      // Our own SHA-256 of every file covers the bytes end to end; the SDK's default
      // CRC trailers (aws-chunked uploads) are not spoken by every S3-compatible server.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  get location(): string {
    return `s3://${this.settings.bucket}${this.settings.prefix ? `/${this.settings.prefix}` : ""}`;
  }

  private fail(err: unknown, doing: string): RegistryError {
    return describeS3Error(err, { location: this.location, endpoint: this.settings.endpoint }, doing);
  }

  private dirKey(uuid: string): string {
    return `${this.base}${uuid}/`;
  }

  private markerKey(uuid: string): string {
    return `${this.base}${uuid}.manifest.json`;
  }

  private key(uuid: string, file: string): string {
    return `${this.dirKey(uuid)}${file}`;
  }

  async exists(uuid: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.markerKey(uuid) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw this.fail(err, `looking for checkpoint ${uuid}`);
    }
  }

  /** Every object under a prefix, page by page. */
  private async *objects(prefix: string): AsyncGenerator<{ key: string; size: number; modified: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) yield { key: o.Key!, size: Number(o.Size ?? 0), modified: o.LastModified ?? new Date(0) };
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async listFiles(uuid: string): Promise<StoredFile[]> {
    const dir = this.dirKey(uuid);
    const out: StoredFile[] = [];
    try {
      for await (const o of this.objects(dir)) out.push({ path: o.key.slice(dir.length), size: o.size });
    } catch (err) {
      throw this.fail(err, `listing the files of checkpoint ${uuid}`);
    }
    return out.sort(byUtf8Path);
  }

  /** The writable end for one file of `size` bytes: its parts are taken from the process's part budget (decisions 160, 170). */
  private writer(key: string, size: number): MultipartWriter {
    return new MultipartWriter({ client: this.client, bucket: this.settings.bucket, key, size, budget: this.partBudget, queueSize: QUEUE });
  }

  /** Waits until the file written into `body` is stored as one object (aborted if anything failed). */
  private async stored(key: string, body: MultipartWriter): Promise<void> {
    try {
      await body.done;
    } catch (err) {
      // The body's own failure (a refused archive, a dropped upload) is the story, not storage.
      throw body.storageFailed ? this.fail(err, `storing ${key}`) : err;
    }
  }

  async writeCheckpoint(uuid: string, source: CheckpointSource): Promise<StoredFiles> {
    if (await this.exists(uuid)) throw new RegistryError("ALREADY_EXISTS", `Checkpoint ${uuid} already has files; checkpoints are immutable.`);
    // What an earlier writer that failed or died left here (this writer holds the claim).
    await this.clear(uuid);
    try {
      const written = source.kind === "archive" ? await this.writeArchive(uuid, source) : await this.writeFill(uuid, source.fill);
      const files = await this.listFiles(uuid);
      const stored = Object.fromEntries(files.map((f) => [f.path, f.size]));
      // Read back from storage: every file the source named is there with its size, nothing else.
      assertAllStored(uuid, written.sizes, stored);
      const digests = written.digests!;
      const marker: Marker = { uuid, committedAt: new Date().toISOString(), files: files.map((f) => ({ ...f, sha256: digests[f.path] })) };
      await this.client.send(new PutObjectCommand({
        Bucket: this.settings.bucket, Key: this.markerKey(uuid), Body: JSON.stringify(marker), ContentType: "application/json",
      })).catch((err) => { throw this.fail(err, `committing checkpoint ${uuid}`); });
      return { resources: stored, digests };
    } catch (err) {
      // Nothing half-written stays: the marker (if it got that far), multipart uploads, objects.
      // If storage is gone meanwhile, the next writer of this uuid or the sweep removes them.
      await this.deleteCheckpoint(uuid).catch(() => {});
      throw err;
    }
  }

  private async writeArchive(uuid: string, source: Extract<CheckpointSource, { kind: "archive" }>): Promise<FilesWritten> {
    const sink: FileSink = {
      concurrency: FILES_AT_ONCE,
      open: (rel, size) => {
        const key = this.key(uuid, rel);
        const stream = this.writer(key, size);
        return { stream, done: this.stored(key, stream) };
      },
    };
    const { manifest, digests } = await extractArchive(source.archive, sink, source.limits, { digests: true });
    return { sizes: manifest, digests };
  }

  /** A fill writes plain files: into a private local folder first, then each file streams up, hashed on its way. */
  private async writeFill(uuid: string, fill: (dir: string) => Promise<void | FilesWritten>): Promise<FilesWritten> {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), `mreg-s3-${uuid}-`));
    try {
      const named = await fill(tmp);
      const sizes = await computeResources(tmp);
      const digests: Record<string, string> = {};
      for (const [rel, size] of Object.entries(sizes)) {
        const hasher = fileHasher(size);
        try {
          const hashing = hashingPassThrough(hasher, 1024 * 1024);
          const file = createReadStream(path.join(tmp, rel));
          const key = this.key(uuid, rel);
          const body = this.writer(key, size);
          file.on("error", (e) => hashing.destroy(e));
          hashing.on("error", (e) => body.destroy(e));
          await this.stored(key, file.pipe(hashing).pipe(body));
          digests[rel] = await hasher.digest();
        } finally {
          hasher.drop();
        }
      }
      return { sizes: named ? named.sizes : sizes, digests };
    } finally {
      await fs.rm(tmp, { recursive: true, force: true });
    }
  }

  async openFile(uuid: string, file: string, range?: ByteRange): Promise<Readable> {
    try {
      const res = await this.client.send(new GetObjectCommand({
        Bucket: this.settings.bucket, Key: this.key(uuid, file), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }));
      return res.Body as Readable;
    } catch (err) {
      if (isMissing(err)) throw notFound(`File ${file} of checkpoint ${uuid}`);
      throw this.fail(err, `reading ${file} of checkpoint ${uuid}`);
    }
  }

  async openArchive(uuid: string): Promise<Readable> {
    if (!(await this.exists(uuid))) throw notFound(`Files of checkpoint ${uuid}`);
    const files = (await this.listFiles(uuid)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const mtime = new Date();
    return packArchiveFrom(files.map((f) => ({
      name: f.path,
      size: f.size,
      mtime,
      readAt: async (at, length) => {
        const body = await this.openFile(uuid, f.path, { start: at, end: Math.min(f.size, at + length) - 1 });
        const parts: Buffer[] = [];
        for await (const c of body) parts.push(c as Buffer);
        return Buffer.concat(parts);
      },
      open: () => this.openFile(uuid, f.path),
    })));
  }

  async hashFiles(uuid: string, onBytes?: (n: number) => void): Promise<FileDigest[]> {
    const out: FileDigest[] = [];
    for (const f of await this.listFiles(uuid)) {
      const hasher = fileHasher(f.size);
      try {
        let size = 0;
        await pipeline(await this.openFile(uuid, f.path), hashingPassThrough(hasher, 1024 * 1024), new Writable({
          write(chunk: Buffer, _enc, done) {
            size += chunk.length;
            onBytes?.(chunk.length);
            done();
          },
        }));
        out.push({ path: f.path, size, sha256: await hasher.digest() });
      } catch (err) {
        throw err instanceof RegistryError ? err : this.fail(err, `reading ${f.path} of checkpoint ${uuid}`);
      } finally {
        hasher.drop();
      }
    }
    return out.sort(byUtf8Path);
  }

  /** Aborts the multipart uploads and removes the objects under the uuid (not the marker). */
  private async clear(uuid: string): Promise<number> {
    try {
      let removed = await this.abortUploads(this.dirKey(uuid));
      const keys: string[] = [];
      for await (const o of this.objects(this.dirKey(uuid))) keys.push(o.key);
      await this.deleteKeys(keys);
      removed += keys.length;
      return removed;
    } catch (err) {
      throw this.fail(err, `removing the files of checkpoint ${uuid}`);
    }
  }

  private async deleteKeys(keys: string[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < keys.length) await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: keys[next++] }));
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_PARALLEL, keys.length) }, worker));
  }

  /** Multipart uploads under a prefix, with when each began. */
  private async *uploads(prefix: string): AsyncGenerator<{ key: string; id: string; initiated: Date }> {
    let keyMarker: string | undefined;
    let idMarker: string | undefined;
    do {
      const page = await this.client.send(new ListMultipartUploadsCommand({
        Bucket: this.settings.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: idMarker,
      }));
      for (const u of page.Uploads ?? []) yield { key: u.Key!, id: u.UploadId!, initiated: u.Initiated ?? new Date(0) };
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      idMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  private async abortUploads(prefix: string, olderThan?: Date): Promise<number> {
    let n = 0;
    for await (const u of this.uploads(prefix)) {
      if (olderThan && u.initiated > olderThan) continue;
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.settings.bucket, Key: u.key, UploadId: u.id }));
        n++;
      } catch (err) {
        // Another instance's sweep (or the upload's own clean-up) aborted it first: already gone.
        if (s3ErrorName(err) === "NoSuchUpload" || isMissing(err)) continue;
        throw err;
      }
    }
    return n;
  }

  async deleteCheckpoint(uuid: string): Promise<void> {
    // The marker first: from then on the checkpoint has no files, never half of them.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.markerKey(uuid) }))
      .catch((err) => { throw this.fail(err, `removing checkpoint ${uuid}`); });
    await this.clear(uuid);
  }

  async presignGet(uuid: string, file: string, expiresInSeconds: number): Promise<string | null> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(uuid, file) }), { expiresIn: expiresInSeconds });
  }

  /** A small object written and removed under `<prefix>/.mreg-health/`. */
  async probe(): Promise<void> {
    const key = `${this.base}.mreg-health/${os.hostname()}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: key, Body: "ok" }));
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    } catch (err) {
      throw this.fail(err, "checking that it takes a small object");
    }
  }

  /**
   * The sweep (decision 092): for every checkpoint uuid under the prefix that has objects,
   * a marker or multipart uploads, and that the database does not keep (no COMPLETED row,
   * no live upload claim), removes what is there once all of it is older than the grace
   * period; returns how many objects and uploads it removed. Safe on any number of
   * instances at once: each step is idempotent, and a kept uuid is never touched.
   */
  async sweepLeftovers(): Promise<number> {
    const cutoff = new Date(Date.now() - this.settings.sweepGraceSeconds * 1000);
    const newest = new Map<string, Date>();
    const seen = (uuid: string, at: Date) => {
      if (!UUID.test(uuid)) return; // not ours: never touched
      const had = newest.get(uuid);
      if (!had || had < at) newest.set(uuid, at);
    };
    const uuidOf = (key: string) => key.slice(this.base.length).split(/[/.]/, 1)[0];
    try {
      for await (const u of this.uploads(this.base)) seen(uuidOf(u.key), u.initiated);
      for await (const o of this.objects(this.base)) seen(uuidOf(o.key), o.modified);
      const candidates = [...newest.keys()];
      if (!candidates.length) return 0;
      const kept = await this.kept(candidates);
      let removed = 0;
      for (const uuid of candidates) {
        if (kept.has(uuid) || newest.get(uuid)! > cutoff) continue;
        // Asked again just before: a claim may have been taken since the batch was asked.
        if ((await this.kept([uuid])).has(uuid)) continue;
        await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.markerKey(uuid) }));
        removed += await this.clear(uuid);
      }
      return removed;
    } catch (err) {
      throw this.fail(err, "sweeping leftovers");
    }
  }

  startHousekeeping(log: (line: string) => void): void {
    if (this.sweeper) return;
    const sweep = () => this.sweepLeftovers().then((n) => {
      if (n) log(`object storage sweep: removed ${n} object(s) and multipart upload(s) no checkpoint references`);
    }, (err: Error) => log(`object storage sweep failed: ${err.message}`));
    void sweep();
    const every = Math.max(10, Math.min(600, this.settings.sweepGraceSeconds / 2)) * 1000;
    this.sweeper = setInterval(() => void sweep(), every).unref();
  }

  async release(): Promise<void> {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}

function isMissing(err: unknown): boolean {
  const name = s3ErrorName(err);
  if (name === "NoSuchBucket") return false;
  return name === "NotFound" || name === "NoSuchKey" || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;
}
