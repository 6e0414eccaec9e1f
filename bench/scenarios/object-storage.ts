// 1 GiB checkpoint with S3-compatible storage behind the app (issue 15): a local s3rver
// (the tests' S3 server process, tests/support/s3-server.ts), a second production server
// of the same build and database with MREG_STORAGE_URL pointing at it, and the same
// archive (checkpoint-io's makeArchive) moved four ways: up and down through the app,
// down by presigned URL (the bytes never pass through the app), and up and down by the
// AWS SDK alone straight to and from that server: the floor for anything in between.
// Before any baseline, one small checkpoint (1 MiB) goes up and down each way: the S3
// server is started fresh for this scenario, and its first upload loads modules and
// compiles routes (about half of the RSS growth a cold server showed); the local-folder
// rows of checkpoint-io run on the bench's main server, warm from earlier scenarios.
// Then BENCH_S3_ROUNDS rounds (default 3), each floor and app transfer interleaved so a
// round's share compares like load with like; the load average is logged beside each.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import pg from "pg";
import { startS3Server } from "../../tests/support/s3-server";
import { HOST } from "../http";
import type { Result } from "../report";
import { memory, startServer, watchMemory, type Server } from "../server";
import { makeArchive, send } from "./checkpoint-io";

const PART = 5 * 1024 * 1024; // the app's part size and queue (lib/registry/storage/part-budget.ts), so the floor moves parts alike
const QUEUE = 4;
const ROUNDS = Math.max(1, Number(process.env.BENCH_S3_ROUNDS ?? 3));
const mb = (bytes: number, seconds: number) => bytes / 2 ** 20 / seconds;
const load = () => os.loadavg()[0];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const range = (xs: number[], digits = 0) => {
  const lo = Math.min(...xs), hi = Math.max(...xs);
  return lo.toFixed(digits) === hi.toFixed(digits) ? lo.toFixed(digits) : `${lo.toFixed(digits)}-${hi.toFixed(digits)}`;
};

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

type Row = { name: string; floor: "up" | "down"; go: (uuid: string) => Promise<number> };
type Round = { load: number; floor: { up: number; down: number }; rows: { mbs: number; share: number; growthMb: number; peakMb: number; load: number }[] };

export async function measureObjectStorage(opts: { port: number; token: string; databaseUrl: string; workDir: string; log: (l: string) => void }): Promise<Result[]> {
  const dir = path.join(opts.workDir, "s3io");
  fs.mkdirSync(dir, { recursive: true });
  const s3 = await startS3Server();
  let server: Server | undefined;
  // The floor's client is set up as the app's (s3-storage.ts): no CRC checksums beside
  // the parts (the SDK's default computes one over every byte and the app does not), so
  // the floor is not slowed by work the app skips (decision 170).
  const client = new S3Client({
    endpoint: s3.endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED",
  });
  try {
    const archive = await makeArchive(dir);
    const size = fs.statSync(archive).size;
    const smallDir = path.join(dir, "warm-up");
    fs.mkdirSync(smallDir);
    const small = await makeArchive(smallDir, 2 ** 20);
    const out = path.join(dir, "downloaded");
    fs.mkdirSync(out);
    const clearOut = () => {
      fs.rmSync(out, { recursive: true, force: true });
      fs.mkdirSync(out);
    };
    const env = s3.env(`bench-${crypto.randomBytes(3).toString("hex")}`);

    // The floor: the AWS SDK alone, the same bytes, the same part size and parallelism.
    const key = { Bucket: s3.bucket, Key: "floor/checkpoint.tar.gz" };
    const floorRound = async () => {
      const up = await timed(() => new Upload({ client, params: { ...key, Body: fs.createReadStream(archive) }, partSize: PART, queueSize: QUEUE }).done());
      const down = await timed(async () => {
        const got = await client.send(new GetObjectCommand(key));
        await pipeline(got.Body as Readable, fs.createWriteStream(path.join(out, "floor.tar.gz")));
      });
      await client.send(new DeleteObjectCommand(key));
      clearOut();
      return { up: mb(size, up.seconds), down: mb(size, down.seconds) };
    };

    server = await startServer({ port: opts.port, databaseUrl: opts.databaseUrl, storageDir: path.join(dir, "unused-folder"), logFile: path.join(dir, "server-s3.log"), env });
    const db = new pg.Client({ connectionString: opts.databaseUrl });
    await db.connect();
    const newCheckpoint = async () => {
      const uuid = crypto.randomUUID();
      await db.query(`INSERT INTO checkpoints (uuid, state, metadata) VALUES ($1, 'ACTIVE', '{"steps_completed": 1}')`, [uuid]);
      return uuid;
    };
    const rows: Row[] = [
      { name: "upload through the app (PUT /checkpoints/{uuid}, S3 behind)", floor: "up", go: async (uuid) => (await send("PUT", opts.port, `/checkpoints/${uuid}`, opts.token, archive), size) },
      { name: "download through the app (GET /checkpoints/{uuid}, the tar.gz streamed from objects)", floor: "down", go: (uuid) => send("GET", opts.port, `/checkpoints/${uuid}`, opts.token, undefined, path.join(out, "app.tar.gz")) },
      { name: "download by presigned URLs (GET .../files?presign=1, then straight from s3rver)", floor: "down", go: (uuid) => presignedDownload(opts.port, opts.token, uuid, out) },
    ];

    // Warm-up: one small checkpoint each way, so the baseline is a server that has served one.
    const warm = await newCheckpoint();
    await send("PUT", opts.port, `/checkpoints/${warm}`, opts.token, small);
    await send("GET", opts.port, `/checkpoints/${warm}`, opts.token, undefined, path.join(out, "warm.tar.gz"));
    await presignedDownload(opts.port, opts.token, warm, out);
    clearOut();
    const warmRssMb = memory(server.pid()).rssKb / 1024;
    let peakSinceWarmMb = warmRssMb;
    opts.log(`s3 | warm-up (1 MiB checkpoint up, down, presigned) done: app RSS ${warmRssMb.toFixed(0)} MB`);

    const rounds: Round[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const round: Round = { load: load(), floor: await floorRound(), rows: [] };
      opts.log(`s3 round ${r} | AWS SDK alone to/from s3rver: up ${round.floor.up.toFixed(0)} MB/s, down ${round.floor.down.toFixed(0)} MB/s (load ${round.load.toFixed(1)})`);
      const uuid = await newCheckpoint();
      for (const row of rows) {
        const at = load();
        const done = watchMemory(server.pid());
        const { value: bytes, seconds } = await timed(() => row.go(uuid));
        const mem = done();
        clearOut();
        peakSinceWarmMb = Math.max(peakSinceWarmMb, mem.peakMb);
        const mbs = mb(bytes, seconds);
        const share = mbs / round.floor[row.floor];
        round.rows.push({ mbs, share, growthMb: mem.growthMb, peakMb: mem.peakMb, load: at });
        opts.log(`s3 round ${r} | ${row.name}: ${mbs.toFixed(0)} MB/s (${(share * 100).toFixed(0)}% of the SDK's ${round.floor[row.floor].toFixed(0)} MB/s), app RSS +${mem.growthMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)} MB; load ${at.toFixed(1)})`);
      }
      rounds.push(round);
    }
    await db.end();

    const group = "1 GiB checkpoint, S3 storage";
    const loads = `load ${range(rounds.flatMap((r) => [r.load, ...r.rows.map((x) => x.load)]), 1)}`;
    const results: Result[] = [{
      group, name: `floor: AWS SDK alone (lib-storage Upload, GetObject) to and from the same s3rver, ${ROUNDS} round(s) after a 1 MiB warm-up`, target: "reported",
      measured: `up ${range(rounds.map((r) => r.floor.up))} MB/s, down ${range(rounds.map((r) => r.floor.down))} MB/s (${loads})`,
      pass: null, data: { rounds: rounds.map((r) => ({ load: r.load, ...r.floor })) },
    }];
    rows.forEach((row, i) => {
      const per = rounds.map((r) => r.rows[i]);
      const share = median(per.map((x) => x.share));
      const growth = Math.max(...per.map((x) => x.growthMb));
      results.push({
        group, name: row.name, target: ">= 70% of the AWS SDK alone (median of rounds), app RSS growth < 100 MB (every round)",
        measured: `${range(per.map((x) => x.mbs))} MB/s (${range(per.map((x) => x.share * 100))}% of the SDK, median ${(share * 100).toFixed(0)}%), app RSS +${range(per.map((x) => x.growthMb))} MB (${loads})`,
        pass: share >= 0.7 && growth < 100, data: { rounds: per },
      });
    });
    results.push({
      group, name: "app RSS peak over every transfer above, against its RSS right after the warm-up", target: "< 100 MB",
      measured: `+${(peakSinceWarmMb - warmRssMb).toFixed(0)} MB (${warmRssMb.toFixed(0)} -> ${peakSinceWarmMb.toFixed(0)} MB)`,
      pass: peakSinceWarmMb - warmRssMb < 100, data: { warmRssMb, peakSinceWarmMb },
    });
    return results;
  } finally {
    client.destroy();
    await server?.stop();
    await s3.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
