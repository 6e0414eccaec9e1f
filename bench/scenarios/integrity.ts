// Checkpoint integrity (docs/decisions/070-checkpoint-digests-and-manifest.md):
// 1. the server's upload path (stream a .tar.gz into a folder, then fsync it) with
//    and without the SHA-256 of every file computed in the same pass, interleaved
//    runs of the same 1 GiB archive, medians; the target is "within 10%". Beside it,
//    what the digests cost in CPU: the SHA-256 alone (createHash over bytes in memory,
//    same process) and the rest of the difference (the hashing thread's plumbing). On a
//    machine with no free core the share cannot exceed plain CPU / (plain CPU + SHA-256):
//    reported as "bound", next to the load average (docs/decisions/130-digest-share-on-a-busy-machine.md);
// 2. the storage re-hash (hashFolder, what `npm run storage:verify` runs per
//    checkpoint) next to `sha256sum` on the same files, page cache warm for both.
// Runs inside the bench (BENCH_ONLY=integrity) or alone: `npx tsx bench/scenarios/integrity.ts`.
import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { extractArchive, hashFolder } from "../../lib/archive";
import type { Result } from "../report";
import { makeArchive } from "./checkpoint-io";

const GIB = 2 ** 30;
const RUNS = 7;
const LIMITS = { maxBytes: 2 * GIB, maxEntries: 100 };

function fsyncTree(dir: string): void {
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const fd = fs.openSync(path.join(dir, name), "r");
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
}

/** CPU seconds of this process (every thread: main, thread pool, the hashing worker) per upload. */
const cpu: Record<"plain" | "hashed", number[]> = { plain: [], hashed: [] };

/** One upload as the server stores it: extract with early write-back, fsync, seconds. */
async function upload(archive: string, into: string, digests: boolean): Promise<number> {
  fs.rmSync(into, { recursive: true, force: true });
  fs.mkdirSync(into);
  const c = process.cpuUsage();
  const t = performance.now();
  const result = await extractArchive(fs.createReadStream(archive, { highWaterMark: 1 << 20 }), into, LIMITS, { earlyWriteBack: true, digests });
  fsyncTree(into);
  const s = (performance.now() - t) / 1000;
  const used = process.cpuUsage(c);
  cpu[digests ? "hashed" : "plain"].push((used.user + used.system) / 1e6);
  if (digests && Object.keys(result.digests).length !== result.files) throw new Error("digests missing");
  return s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => os.loadavg()[0].toFixed(1);

/** CPU seconds per GiB of SHA-256 alone on this machine: 256 MiB in memory, 256 KiB updates (the inflated chunk size), median of 3. */
function sha256SecondsPerGiB(): number {
  const block = randomBytes(256 * 1024);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const hash = createHash("sha256");
    const c = process.cpuUsage();
    for (let i = 0; i < 1024; i++) hash.update(block);
    hash.digest();
    const used = process.cpuUsage(c);
    runs.push(((used.user + used.system) / 1e6) * 4);
  }
  return median(runs);
}

export async function measureIntegrity(opts: { workDir: string; log: (l: string) => void }): Promise<Result[]> {
  const dir = fs.mkdtempSync(path.join(opts.workDir, "integrity-"));
  try {
    const archive = await makeArchive(dir);
    const size = fs.statSync(archive).size;
    const into = path.join(dir, "stored");
    const plain: number[] = [];
    const hashed: number[] = [];
    const loadBefore = load();
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, alternating which goes first, so load and write-back hit both alike.
      const order = i % 2 ? [true, false] : [false, true];
      for (const d of order) (d ? hashed : plain).push(size / 2 ** 20 / (await upload(archive, into, d)));
    }
    const without = median(plain);
    const withDigests = median(hashed);
    const share = withDigests / without;
    const loadAfter = load();
    const cpuPlain = median(cpu.plain);
    const cpuHashed = median(cpu.hashed);
    const sha = sha256SecondsPerGiB();
    const bound = cpuPlain / (cpuPlain + sha);
    opts.log(`upload without digests ${plain.map((x) => x.toFixed(0)).join("/")} MB/s, with ${hashed.map((x) => x.toFixed(0)).join("/")} MB/s; CPU ${cpu.plain.map((x) => x.toFixed(2)).join("/")} vs ${cpu.hashed.map((x) => x.toFixed(2)).join("/")} s; SHA-256 alone ${sha.toFixed(2)} s/GiB; load ${loadBefore} -> ${loadAfter}`);
    const results: Result[] = [{
      group: "integrity", name: "upload with digests vs without (1 GiB, extract + fsync)", target: "with digests >= 90% of without",
      measured: `${withDigests.toFixed(0)} vs ${without.toFixed(0)} MB/s (${(share * 100).toFixed(0)}%; medians of ${RUNS} interleaved runs, load ${loadBefore} -> ${loadAfter}); CPU ${cpuHashed.toFixed(2)} vs ${cpuPlain.toFixed(2)} s per GiB, all threads, of which SHA-256 alone ${sha.toFixed(2)} s and plumbing ${(cpuHashed - cpuPlain - sha).toFixed(2)} s; bound with no free core ${(bound * 100).toFixed(0)}%`,
      pass: share >= 0.9, data: { plain, hashed, share, cpuPlain: cpu.plain, cpuHashed: cpu.hashed, sha256SecondsPerGiB: sha, bound, loadBefore, loadAfter },
    }];

    // The stored folder is now in the page cache for both readers.
    const files = fs.readdirSync(into).map((f) => path.join(into, f));
    const bytes = files.reduce((a, f) => a + fs.statSync(f).size, 0);
    const ours: number[] = [];
    const tool: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      await hashFolder(into);
      ours.push(bytes / 2 ** 20 / ((performance.now() - t) / 1000));
      t = performance.now();
      const res = spawnSync("sha256sum", files);
      if (res.status !== 0) throw new Error(`sha256sum failed: ${res.stderr}`);
      tool.push(bytes / 2 ** 20 / ((performance.now() - t) / 1000));
    }
    const v = median(ours);
    const s = median(tool);
    opts.log(`storage verify ${ours.map((x) => x.toFixed(0)).join("/")} MB/s, sha256sum ${tool.map((x) => x.toFixed(0)).join("/")} MB/s`);
    results.push({
      group: "integrity", name: "storage verify re-hash (1 GiB) next to sha256sum", target: "reported next to sha256sum (no target)",
      measured: `${v.toFixed(0)} MB/s; sha256sum ${s.toFixed(0)} MB/s on the same files (${((v / s) * 100).toFixed(0)}%)`,
      pass: null, data: { ours, sha256sum: tool },
    });
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await measureIntegrity({ workDir: process.env.BENCH_DIR ?? os.tmpdir(), log: (l) => console.log(`[integrity] ${l}`) });
  for (const r of results) console.log(`${r.name}: ${r.measured} (${r.pass === null ? "-" : r.pass ? "pass" : "FAIL"})`);
}
