// 1 GiB checkpoint with S3-compatible storage behind the app (issue 15): a local s3rver
// (the tests' S3 server process, tests/support/s3-server.ts), a second production server
// of the same build and database with MREG_STORAGE_URL pointing at it, and the same
// archive (checkpoint-io's makeArchive) moved four ways: up and down through the app,
// down by presigned URL (the bytes never pass through the app), and up and down by the
// AWS SDK alone straight to and from that server: the floor for anything in between.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import pg from "pg";
import { startS3Server } from "../../tests/support/s3-server";
import { HOST } from "../http";
import type { Result } from "../report";
import { startServer, watchMemory, type Server } from "../server";
import { makeArchive, send } from "./checkpoint-io";

const PART = 8 * 1024 * 1024; // the app's part size and queue (lib/registry/storage/s3-storage.ts), so the floor moves parts alike
const QUEUE = 4;
const mb = (bytes: number, seconds: number) => bytes / 2 ** 20 / seconds;

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t) / 1000 };
}

/** Fetches every file of a checkpoint by the presigned URLs the API hands out, a stream per file. */
async function presignedDownload(port: number, token: string, uuid: string, into: string): Promise<number> {
  const res = await fetch(`http://${HOST}:${port}/api/v1/checkpoints/${uuid}/files?presign=1`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET .../files?presign=1: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
  const { files } = (await res.json()) as { files: { path: string; size: number; url: string | null }[] };
  let bytes = 0;
  for (const f of files) {
    if (!f.url) throw new Error(`no presigned URL for ${f.path}: the server's storage is not S3`);
    const got = await fetch(f.url);
    if (got.status !== 200 || !got.body) throw new Error(`presigned GET ${f.path}: HTTP ${got.status}`);
    await pipeline(Readable.fromWeb(got.body as never), fs.createWriteStream(path.join(into, path.basename(f.path))));
    bytes += f.size;
  }
  return bytes;
}

export async function measureObjectStorage(opts: { port: number; token: string; databaseUrl: string; workDir: string; log: (l: string) => void }): Promise<Result[]> {
  const dir = path.join(opts.workDir, "s3io");
  fs.mkdirSync(dir, { recursive: true });
  const s3 = await startS3Server();
  let server: Server | undefined;
  try {
    const archive = await makeArchive(dir);
    const size = fs.statSync(archive).size;
    const out = path.join(dir, "downloaded");
    fs.mkdirSync(out);
    const env = s3.env(`bench-${crypto.randomBytes(3).toString("hex")}`);

    // The floor: the AWS SDK alone, the same bytes, the same part size and parallelism.
    const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const key = { Bucket: s3.bucket, Key: "floor/checkpoint.tar.gz" };
    const floorUp = await timed(() => new Upload({ client, params: { ...key, Body: fs.createReadStream(archive) }, partSize: PART, queueSize: QUEUE }).done());
    const floorDown = await timed(async () => {
      const got = await client.send(new GetObjectCommand(key));
      await pipeline(got.Body as Readable, fs.createWriteStream(path.join(out, "floor.tar.gz")));
    });
    await client.send(new DeleteObjectCommand(key));
    fs.rmSync(path.join(out, "floor.tar.gz"));
    client.destroy();
    const floor = { up: mb(size, floorUp.seconds), down: mb(size, floorDown.seconds) };
    opts.log(`AWS SDK alone to/from s3rver: up ${floor.up.toFixed(0)} MB/s, down ${floor.down.toFixed(0)} MB/s`);

    server = await startServer({ port: opts.port, databaseUrl: opts.databaseUrl, storageDir: path.join(dir, "unused-folder"), logFile: path.join(dir, "server-s3.log"), env });
    const uuid = crypto.randomUUID();
    const db = new pg.Client({ connectionString: opts.databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO checkpoints (uuid, state, metadata) VALUES ($1, 'ACTIVE', '{"steps_completed": 1}')`, [uuid]);
    await db.end();

    const results: Result[] = [
      { group: "1 GiB checkpoint, S3 storage", name: "floor: AWS SDK alone (lib-storage Upload, GetObject) to and from the same s3rver", target: "reported", measured: `up ${floor.up.toFixed(0)} MB/s, down ${floor.down.toFixed(0)} MB/s`, pass: null, data: { ...floor } },
    ];
    const runs: { name: string; floorMbs: number; go: () => Promise<number> }[] = [
      { name: "upload through the app (PUT /checkpoints/{uuid}, S3 behind)", floorMbs: floor.up, go: async () => (await send("PUT", opts.port, `/checkpoints/${uuid}`, opts.token, archive), size) },
      { name: "download through the app (GET /checkpoints/{uuid}, the tar.gz streamed from objects)", floorMbs: floor.down, go: () => send("GET", opts.port, `/checkpoints/${uuid}`, opts.token, undefined, path.join(out, "app.tar.gz")) },
      { name: "download by presigned URLs (GET .../files?presign=1, then straight from s3rver)", floorMbs: floor.down, go: () => presignedDownload(opts.port, opts.token, uuid, out) },
    ];
    for (const r of runs) {
      const done = watchMemory(server.pid());
      const { value: bytes, seconds } = await timed(r.go);
      const mem = done();
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out);
      const rate = mb(bytes, seconds);
      const share = rate / r.floorMbs;
      const measured = `${rate.toFixed(0)} MB/s (${(share * 100).toFixed(0)}% of the SDK's ${r.floorMbs.toFixed(0)} MB/s), app RSS +${mem.growthMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)} MB)`;
      opts.log(`s3 | ${r.name}: ${measured}`);
      results.push({
        group: "1 GiB checkpoint, S3 storage", name: r.name, target: ">= 70% of the AWS SDK alone, app RSS growth < 100 MB", measured,
        pass: share >= 0.7 && mem.growthMb < 100, data: { bytes, seconds, mbs: rate, floorMbs: r.floorMbs, ...mem },
      });
    }
    return results;
  } finally {
    await server?.stop();
    await s3.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
