// Object storage failing under the registry (issue 15): an S3 server process killed in
// the middle of an upload and started again, presigned URLs that expire, credentials
// that are refused, and the sweep of what interrupted uploads leave. A server of this
// file's own (support/s3-server.ts), since the test kills it.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  RegistryError, cleanupTemporaryFiles, currentStorage, deleteCheckpoint, getCheckpoint, listCheckpointFiles, openCheckpointDownload,
  openStorage, reportCheckpoint, storeCheckpointArchive,
} from "../../lib/registry";
import { checkHealth } from "../../lib/registry/health";
import type { S3Storage } from "../../lib/registry/storage/s3-storage";
import { admin, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";
import { startS3Server, type S3Server } from "../support/s3-server";
import { readStored, storedTraces } from "../support/stored-files";

let s3: S3Server;
const saved = { ...process.env };
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const newCheckpoint = () => reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
const storage = () => currentStorage() as S3Storage;

beforeAll(async () => {
  s3 = await startS3Server();
  Object.assign(process.env, s3.env(`failures-${crypto.randomBytes(3).toString("hex")}`));
});
afterAll(async () => {
  process.env = saved;
  await s3.stop();
});

/** An archive that sends `before` bytes, calls `midway` (awaited), then sends the rest. */
function archiveWithPause(archive: Buffer, before: number, midway: () => Promise<void>): Readable {
  async function* pieces() {
    for (let sent = 0; sent < archive.length;) {
      if (sent === before) await midway();
      const end = Math.min(sent < before ? before : archive.length, sent + 1024 * 1024);
      yield archive.subarray(sent, end);
      sent = end;
    }
  }
  return Readable.from(pieces());
}

describe("an S3 server that dies mid-upload", () => {
  it("fails the upload with a clear error, keeps nothing visible, and its multipart upload is aborted once storage is back", async () => {
    const weights = crypto.randomBytes(40 * 1024 * 1024); // five 8 MiB parts
    const archive = rawTarGz([{ name: "model.bin", body: weights }, { name: "config.json", body: "{}" }]);
    const cp = await newCheckpoint();
    const err = await storeCheckpointArchive({
      actor: admin, uuid: cp.uuid, limits: { maxBytes: 64 * 1024 * 1024, maxEntries: 10 },
      archive: archiveWithPause(archive, 20 * 1024 * 1024, async () => {
        // Let the first parts reach the server, then kill it with parts in flight.
        await new Promise((r) => setTimeout(r, 300));
        await s3.kill();
      }),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.code).toBe("UNAVAILABLE");
    expect(err.message).toMatch(new RegExp(`^Object storage s3://${s3.bucket}/\\S+ at ${s3.endpoint} did not answer while storing \\S+ \\((ECONNREFUSED|ECONNRESET|EPIPE)\\); check that it is running and MREG_S3_ENDPOINT\\.$`));
    expect(err.message).not.toContain("\n");
    const after = await getCheckpoint(cp.uuid);
    expect(after).toMatchObject({ state: "ACTIVE", resources: {} });

    await s3.restart();
    // Nothing readable: no marker, so no files, even if parts or objects were left.
    expect(await currentStorage().exists(cp.uuid)).toBe(false);
    expect((await openCheckpointDownload(cp.uuid).catch((e) => e)).code).toBe("NOT_FOUND");
    // The abort could not reach a dead server: its multipart upload is still there...
    expect((await storedTraces(cp.uuid)).filter((t) => t.startsWith("upload "))).not.toEqual([]);
    // ...until the sweep (grace 0 here) finishes the job:
    // the checkpoint is not COMPLETED and no upload holds its claim.
    process.env.MREG_S3_SWEEP_GRACE_SECONDS = "0";
    try {
      await cleanupTemporaryFiles();
    } finally {
      delete process.env.MREG_S3_SWEEP_GRACE_SECONDS;
    }
    expect(await storedTraces(cp.uuid)).toEqual([]);

    // Storage is back: the same upload now works, every byte in place.
    const done = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([archive]), limits: { maxBytes: 64 * 1024 * 1024, maxEntries: 10 } });
    expect(done.state).toBe("COMPLETED");
    expect(sha256(await readStored(cp.uuid, "model.bin"))).toBe(sha256(weights));
    const uploads = await storage().client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket, Prefix: storage().settings.prefix }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it("an upload while the server is down is refused at once and stores nothing; the health check says why", async () => {
    const cp = await newCheckpoint();
    await s3.kill();
    try {
      const err = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "a", body: "a" }])]) }).catch((e) => e);
      expect(err.code).toBe("UNAVAILABLE");
      expect(err.message).toMatch(/did not answer while looking for checkpoint .* \(ECONNREFUSED\)/);
      const health = await checkHealth();
      expect(health.status).toBe("unavailable");
      expect(health.storage).toMatch(/^not writable: Object storage .* did not answer .*ECONNREFUSED/);
    } finally {
      await s3.restart();
    }
    expect((await checkHealth()).storage).toBe("ok");
    expect(await storedTraces(cp.uuid)).toEqual([]);
  });
});

describe("deleting while storage is down", () => {
  it("deletes the checkpoint (the database commit stands); the sweep removes its objects once storage is back", async () => {
    const cp = await newCheckpoint();
    await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "w.bin", body: "weights" }])]) });
    await s3.kill();
    try {
      await deleteCheckpoint({ actor: admin, uuid: cp.uuid });
    } finally {
      await s3.restart();
    }
    expect((await getCheckpoint(cp.uuid).catch((e) => e)).code).toBe("NOT_FOUND");
    expect(await storedTraces(cp.uuid)).not.toEqual([]); // left behind, unreferenced
    process.env.MREG_S3_SWEEP_GRACE_SECONDS = "0";
    try {
      await cleanupTemporaryFiles();
    } finally {
      delete process.env.MREG_S3_SWEEP_GRACE_SECONDS;
    }
    expect(await storedTraces(cp.uuid)).toEqual([]);
  });
});

describe("presigned downloads", () => {
  it("serve each file straight from storage, with ranges, until they expire", async () => {
    const weights = crypto.randomBytes(300_000);
    const cp = await newCheckpoint();
    await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "w/model.bin", body: weights }])]) });
    const listed = await listCheckpointFiles({ uuid: cp.uuid, presign: true, expiresInSeconds: 2 });
    expect(listed).toMatchObject({ storage: "s3", files: [{ path: "w/model.bin", size: weights.length, sha256: sha256(weights) }] });
    const url = listed.files[0].url!;
    expect(url).toMatch(new RegExp(`^${s3.endpoint}/`));
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(weights));
    const part = await fetch(url, { headers: { Range: "bytes=1000-1999" } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(weights.subarray(1000, 2000))).toBe(true);
    // Without presign, no URL is made.
    expect((await listCheckpointFiles({ uuid: cp.uuid })).files[0].url).toBeNull();

    await new Promise((r) => setTimeout(r, 3_100));
    const late = await fetch(url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain("Request has expired");
  });
});

describe("refused credentials", () => {
  it("give one line naming the AWS variables: at the start-up probe, in the health check and on upload", async () => {
    const url = `s3://${s3.bucket}/creds-${crypto.randomBytes(3).toString("hex")}`;
    const good = { AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID, MREG_STORAGE_URL: process.env.MREG_STORAGE_URL };
    process.env.AWS_ACCESS_KEY_ID = "NOT-A-KEY";
    try {
      // A fresh storage (as at start-up) reads the credentials anew.
      const probe = await openStorage(url).probe().catch((e) => e);
      const line = /^Object storage s3:\/\/\S+ refused this server's credentials \(InvalidAccessKeyId\): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY \(and AWS_SESSION_TOKEN\), or AWS_PROFILE, for an identity that may read and write the bucket \(while .*\)\.$/;
      expect(probe.message).toMatch(line);
      process.env.MREG_STORAGE_URL = url; // currentStorage() is opened afresh for a new URL
      expect((await checkHealth()).storage).toMatch(/^not writable: Object storage .* refused this server's credentials .*AWS_ACCESS_KEY_ID/);
      const cp = await newCheckpoint();
      const upload = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "a", body: "a" }])]) }).catch((e) => e);
      expect(upload.code).toBe("UNAVAILABLE");
      expect(upload.message).toMatch(/refused this server's credentials .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
      expect(upload.message).not.toContain("\n");
      expect((await getCheckpoint(cp.uuid)).state).toBe("ACTIVE");
    } finally {
      Object.assign(process.env, good);
    }
  });
});

describe("the sweep", () => {
  it("removes objects and multipart uploads no checkpoint references once older than the grace period, never a referenced one", async () => {
    const { client, settings } = storage();
    const prefix = settings.prefix;
    const kept = await newCheckpoint();
    await storeCheckpointArchive({ actor: admin, uuid: kept.uuid, archive: Readable.from([rawTarGz([{ name: "keep.bin", body: "k" }])]) });
    // A checkpoint deleted while its objects stayed (a crash between commit and delete),
    // one whose upload died (no marker, row not completed), a multipart upload nobody
    // will finish, and a key that is not the registry's.
    const orphan = crypto.randomUUID();
    const failed = await newCheckpoint();
    const stray = crypto.randomUUID();
    const put = (key: string) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${key}`, Body: "x" }));
    await put(`${orphan}/w.bin`);
    await put(`${orphan}.manifest.json`);
    await put(`${failed.uuid}/half.bin`);
    await put("notes/readme.txt");
    const mpu = await client.send(new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: `${prefix}/${stray}/big.bin` }));
    await client.send(new UploadPartCommand({ Bucket: s3.bucket, Key: `${prefix}/${stray}/big.bin`, UploadId: mpu.UploadId, PartNumber: 1, Body: "p" }));

    // Within the grace period nothing goes.
    process.env.MREG_S3_SWEEP_GRACE_SECONDS = "3600";
    expect(await cleanupTemporaryFiles()).toBe(0);
    process.env.MREG_S3_SWEEP_GRACE_SECONDS = "0";
    try {
      // Two instances sweeping at once: each removal happens, neither fails.
      const [a, b] = await Promise.all([cleanupTemporaryFiles(), cleanupTemporaryFiles()]);
      expect(a + b).toBeGreaterThanOrEqual(3); // an object each under two uuids, one multipart upload
    } finally {
      delete process.env.MREG_S3_SWEEP_GRACE_SECONDS;
    }
    expect(await storedTraces(orphan)).toEqual([]);
    expect(await storedTraces(failed.uuid)).toEqual([]);
    expect(await storedTraces(stray)).toEqual([]);
    expect((await readStored(kept.uuid, "keep.bin")).toString()).toBe("k");
    expect(await currentStorage().exists(kept.uuid)).toBe(true);
    // A key that is not a checkpoint's is never the sweep's business.
    expect((await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/notes/readme.txt` }))).ContentLength).toBe(1);
    // Not left to a later sweep by accident: aborting it again says it is gone.
    const again = await client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: `${prefix}/${stray}/big.bin`, UploadId: mpu.UploadId })).catch((e) => e.name);
    expect(again).toBe("NoSuchUpload");
  });
});
