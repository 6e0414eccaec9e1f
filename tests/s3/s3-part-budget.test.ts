// The per-process budget of multipart part buffers (decision 160), against the run's
// real S3 server: several checkpoints uploaded at once never have more parts being
// sent than the budget, observed on the SDK's own requests (a middleware that counts
// UploadPart and PutObject calls in flight, not a mock), never deadlock at the smallest
// budget, keep the digests of the same pass, and hand every buffer back on failure.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { parseS3Url, S3Storage } from "../../lib/registry/storage/s3-storage";
import { PartBudget } from "../../lib/registry/storage/part-budget";
import { rawTarGz } from "../support/raw-tar";

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

function storageWith(budget: PartBudget): { storage: S3Storage; inFlight: { now: number; max: number } } {
  const storage = new S3Storage({
    ...parseS3Url(process.env.MREG_STORAGE_URL!), endpoint: process.env.MREG_S3_ENDPOINT, forcePathStyle: true,
    region: "us-east-1", sweepGraceSeconds: 3600,
  }, async () => new Set(), budget);
  const inFlight = { now: 0, max: 0 };
  // Every request that carries a file's bytes: a part of a multipart upload, or a one-part file's PUT (not the commit marker).
  storage.client.middlewareStack.add((next, context) => async (args) => {
    const carriesBytes = context.commandName === "UploadPartCommand"
      || (context.commandName === "PutObjectCommand" && !String((args.input as { Key?: string }).Key).endsWith(".manifest.json"));
    if (!carriesBytes) return next(args);
    inFlight.max = Math.max(inFlight.max, ++inFlight.now);
    try {
      return await next(args);
    } finally {
      inFlight.now--;
    }
  }, { step: "initialize", name: "countPartsInFlight" });
  return { storage, inFlight };
}

/** A checkpoint of two multipart files (17 MiB: 4 parts of 5 MiB; 9 MiB: 2 parts) and two small ones. */
function checkpointFiles() {
  return [
    { name: "model-00001.safetensors", body: crypto.randomBytes(17 * MiB) },
    { name: "model-00002.safetensors", body: crypto.randomBytes(9 * MiB) },
    { name: "config.json", body: Buffer.from(JSON.stringify({ layers: 2 })) },
    { name: "tokenizer.json", body: crypto.randomBytes(2 * MiB) },
  ];
}

/** The archive in 1 MiB pieces, as a request body arrives. */
const streamOf = (archive: Buffer) => Readable.from((function* () {
  for (let at = 0; at < archive.length; at += MiB) yield archive.subarray(at, at + MiB);
})());

const limits = { maxBytes: 256 * MiB, maxEntries: 100 };

async function uploadAtOnce(storage: S3Storage, count: number) {
  const files = checkpointFiles();
  const archive = rawTarGz(files);
  const uuids = Array.from({ length: count }, () => crypto.randomUUID());
  const stored = await Promise.all(uuids.map((uuid) => storage.writeCheckpoint(uuid, { kind: "archive", archive: streamOf(archive), limits })));
  return { files, uuids, stored };
}

describe("the part budget of S3 uploads", () => {
  it("keeps the parts being sent by concurrent uploads within the budget, with digests and bytes intact", async () => {
    const budget = new PartBudget(3);
    const { storage, inFlight } = storageWith(budget);
    const { files, uuids, stored } = await uploadAtOnce(storage, 3);
    expect(inFlight.max).toBeLessThanOrEqual(3);
    expect(inFlight.max).toBeGreaterThan(1); // parts did go out in parallel
    expect(budget.peak).toBeLessThanOrEqual(3);
    expect(budget.inUse).toBe(0);
    for (const s of stored) {
      expect(s.digests).toEqual(Object.fromEntries(files.map((f) => [f.name, sha256(f.body)])));
      expect(s.resources).toEqual(Object.fromEntries(files.map((f) => [f.name, f.body.length])));
    }
    const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.settings.bucket, Key: `${storage.settings.prefix}/${uuids[0]}/model-00001.safetensors` }));
    expect(sha256(Buffer.from(await got.Body!.transformToByteArray()))).toBe(sha256(files[0].body));
    for (const uuid of uuids) await storage.deleteCheckpoint(uuid);
  });

  it("without that budget the same uploads do send more parts at once (what the budget prevents)", async () => {
    const { storage, inFlight } = storageWith(new PartBudget(64));
    const { uuids } = await uploadAtOnce(storage, 3);
    expect(inFlight.max).toBeGreaterThan(3);
    for (const uuid of uuids) await storage.deleteCheckpoint(uuid);
  });

  it("finishes every upload at the smallest budget (two buffers): no upload waits on another forever", async () => {
    const budget = new PartBudget(2);
    const { storage, inFlight } = storageWith(budget);
    const { uuids, stored } = await uploadAtOnce(storage, 3);
    expect(stored).toHaveLength(3);
    expect(inFlight.max).toBeLessThanOrEqual(2);
    expect(budget.peak).toBe(2);
    expect(budget.inUse).toBe(0);
    for (const uuid of uuids) await storage.deleteCheckpoint(uuid);
  });

  it("gives every buffer back when an upload fails half-way, and the next upload gets them", async () => {
    const budget = new PartBudget(3);
    const { storage } = storageWith(budget);
    const archive = rawTarGz(checkpointFiles());
    const cut = archive.subarray(0, 22 * MiB); // ends inside the second big file
    const uuid = crypto.randomUUID();
    const err = await storage.writeCheckpoint(uuid, { kind: "archive", archive: streamOf(cut), limits }).catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/ended early|truncated|interrupted/);
    expect(budget.inUse).toBe(0);
    expect(await storage.exists(uuid)).toBe(false);
    const next = crypto.randomUUID();
    await storage.writeCheckpoint(next, { kind: "archive", archive: streamOf(archive), limits });
    expect(budget.inUse).toBe(0);
    await storage.deleteCheckpoint(next);
  });
});
