// A 1 GiB checkpoint through the API: PUT /checkpoints/{uuid} (a streamed .tar.gz)
// and GET /checkpoints/{uuid} back, each against `cp` of the same archive on the
// same disk (the upload against cp + fsync, since the server fsyncs an upload),
// while the server's resident memory is sampled.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import pg from "pg";
import { HOST, RouteMissing } from "../http";
import type { Result } from "../report";
import { watchMemory } from "../server";

const GIB = 2 ** 30;

/** 1 GiB (or `bytes`, a multiple of 1 MiB) of incompressible bytes (like trained weights), as a .tar.gz; the data never compresses so level 0 costs the server the same as any level. */
export async function makeArchive(dir: string, bytes = GIB): Promise<string> {
  const src = path.join(dir, "src");
  fs.mkdirSync(src, { recursive: true });
  const block = crypto.randomBytes(Math.min(64 << 20, bytes));
  const fd = fs.openSync(path.join(src, "model.safetensors"), "w");
  for (let i = 0; i < bytes / block.length; i++) fs.writeSync(fd, block);
  fs.closeSync(fd);
  fs.writeFileSync(path.join(src, "config.json"), JSON.stringify({ arch: "llama", layers: 32 }));
  const tar = path.join(dir, "checkpoint.tar");
  const res = spawnSync("tar", ["-cf", tar, "-C", src, "model.safetensors", "config.json"]);
  if (res.status !== 0) throw new Error(`tar failed: ${res.stderr}`);
  fs.rmSync(src, { recursive: true });
  const archive = `${tar}.gz`;
  await pipeline(fs.createReadStream(tar), zlib.createGzip({ level: 0 }), fs.createWriteStream(archive));
  fs.rmSync(tar);
  // On disk before anything is timed, so its write-back does not land inside a measurement.
  const sync = fs.openSync(archive, "r");
  fs.fsyncSync(sync);
  fs.closeSync(sync);
  return archive;
}

/** Seconds for `cp` of file on the same disk, page cache to page cache; with `durable`, plus an fsync of the copy (what a durable copy costs). */
function cpSeconds(file: string, durable: boolean): number {
  const copy = `${file}.cp`;
  const t = performance.now();
  const res = spawnSync("cp", [file, copy]);
  if (res.status === 0 && durable) {
    const fd = fs.openSync(copy, "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  const s = (performance.now() - t) / 1000;
  fs.rmSync(copy, { force: true });
  if (res.status !== 0) throw new Error(`cp failed: ${res.stderr}`);
  return s;
}

/** Both baselines, three runs each, interleaved so that load and write-back hit both alike; medians in MB/s. */
function cpBaselines(file: string, size: number): { plain: number; durable: number } {
  const plain: number[] = [];
  const durable: number[] = [];
  for (let i = 0; i < 3; i++) {
    plain.push(size / 2 ** 20 / cpSeconds(file, false));
    durable.push(size / 2 ** 20 / cpSeconds(file, true));
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
  return { plain: median(plain), durable: median(durable) };
}

/** One streamed request: PUT a file as the body, or GET into a file (or nowhere); resolves with the bytes received. */
export function send(method: "PUT" | "GET", port: number, urlPath: string, token: string, body?: string, into?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path: urlPath, headers: { authorization: `Bearer ${token}`, accept: "application/gzip", ...(body ? { "content-type": "application/gzip", "content-length": fs.statSync(body).size } : {}) } }, (res) => {
      if (res.statusCode !== 200) {
        let text = "";
        res.on("data", (c) => { text += c; });
        res.on("end", () => reject(res.statusCode === 404 && text.includes("<html")
          ? new RouteMissing(`${method} /checkpoints/{uuid} is not in this build`)
          : new Error(`${method} ${urlPath}: HTTP ${res.statusCode} ${text.slice(0, 300)}`)));
        return;
      }
      const sink = into ? fs.createWriteStream(into) : null;
      let bytes = 0;
      res.on("data", (c: Buffer) => { bytes += c.length; sink?.write(c); });
      res.on("end", () => (sink ? sink.end(() => resolve(bytes)) : resolve(bytes)));
      res.on("error", reject);
    });
    req.setTimeout(600_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on("error", reject);
    if (body) fs.createReadStream(body).pipe(req);
    else req.end();
  });
}

export async function measureCheckpointIo(opts: { port: number; token: string; databaseUrl: string; workDir: string; serverPid: number; log: (l: string) => void }): Promise<Result[]> {
  const dir = path.join(opts.workDir, "io");
  fs.mkdirSync(dir, { recursive: true });
  try {
    const archive = await makeArchive(dir);
    const size = fs.statSync(archive).size;
    const uuid = crypto.randomUUID();
    const db = new pg.Client({ connectionString: opts.databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO checkpoints (uuid, state, metadata) VALUES ($1, 'ACTIVE', '{"steps_completed": 1}')`, [uuid]);
    await db.end();
    // Two baselines. Upload: the server fsyncs the files before it answers, so it is
    // held to a durable copy (cp, then fsync of the copy). Download: the server only
    // reads and the client writes to the page cache, so it is held to plain cp.
    const { plain: plainCp, durable: durableCp } = cpBaselines(archive, size);
    opts.log(`cp ${plainCp.toFixed(0)} MB/s, cp + fsync ${durableCp.toFixed(0)} MB/s (medians of 3)`);

    const results: Result[] = [];
    for (const dirn of ["upload", "download"] as const) {
      const done = watchMemory(opts.serverPid);
      const t = performance.now();
      const out = path.join(dir, "downloaded.tar.gz");
      const bytes = dirn === "upload"
        ? (await send("PUT", opts.port, `/checkpoints/${uuid}`, opts.token, archive), size)
        : await send("GET", opts.port, `/checkpoints/${uuid}`, opts.token, undefined, out);
      const s = (performance.now() - t) / 1000;
      const mem = done();
      fs.rmSync(out, { force: true });
      const mbs = bytes / 2 ** 20 / s;
      const base = dirn === "upload"
        ? { mbs: durableCp, what: "cp + fsync", target: ">= 50% of cp + fsync (the upload is durable: the server fsyncs before it answers), RSS growth < 100 MB" }
        : { mbs: plainCp, what: "cp", target: ">= 50% of plain cp (neither side fsyncs), RSS growth < 100 MB" };
      const share = mbs / base.mbs;
      const measured = `${mbs.toFixed(0)} MB/s (${(share * 100).toFixed(0)}% of ${base.what}'s ${base.mbs.toFixed(0)} MB/s; plain cp ${plainCp.toFixed(0)}, cp + fsync ${durableCp.toFixed(0)} MB/s), RSS +${mem.growthMb.toFixed(0)} MB (peak ${mem.peakMb.toFixed(0)} MB)`;
      opts.log(`checkpoint ${dirn} | ${measured}`);
      results.push({
        group: "1 GiB checkpoint", name: dirn, target: base.target, measured,
        pass: share >= 0.5 && mem.growthMb < 100, data: { bytes, seconds: s, mbs, cpMbs: plainCp, cpFsyncMbs: durableCp, ...mem },
      });
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
