// `mreg checkpoint download` straight from object storage (docs/decisions/093): the
// server hands out a short-lived presigned URL per file; the bytes never pass through it.
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { byUtf8Path, fileHasher, hashFile, hashingPassThrough, safeEntryPath, type FileDigest } from "../../lib/archive";
import { CliError } from "./errors";

export type PresignedFile = { path: string; size: number; sha256: string | null; url: string };

/** Files past this are fetched as ranges in parallel; smaller ones whole, several at once. */
const RANGE_BYTES = 16 * 1024 * 1024;
/** Requests in flight at once (ranges of one big file, or whole small files). */
const PARALLEL = 8;
const ATTEMPTS = 3;

class UrlExpired extends Error {}

/** One GET over node:http (Node 20's fetch re-slices big bodies slowly); resolves on 200/206. */
function get(url: string, range?: { start: number; end: number }): Promise<http.IncomingMessage> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = (u.protocol === "https:" ? https : http).get(u, { headers: range ? { Range: `bytes=${range.start}-${range.end}` } : {} }, (res) => {
      if (res.statusCode === 200 || res.statusCode === 206) return resolve(res);
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? `HTTP ${res.statusCode}`;
        const message = /<Message>([^<]+)<\/Message>/.exec(text)?.[1] ?? "";
        if (res.statusCode === 403) reject(new UrlExpired(`${code}${message ? `: ${message}` : ""}`));
        else reject(new Error(`storage answered ${code}${message ? ` (${message})` : ""}`));
      });
    });
    req.on("error", reject);
  });
}

/** Runs `jobs` with at most `n` at once; the first failure stops the rest from starting. */
async function inParallel(n: number, jobs: (() => Promise<void>)[]): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < jobs.length) {
      try {
        await jobs[next++]();
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(n, jobs.length) }, worker));
  const rejected = results.find((r) => r.status === "rejected");
  if (rejected) throw (rejected as PromiseRejectedResult).reason;
}

/**
 * Fetches every file into `dir` (a fresh private folder) and returns what it wrote, each
 * file hashed. Big files come in RANGE_BYTES ranges, PARALLEL at once, written at their
 * offsets and hashed once complete; small ones stream whole through the hasher. A request
 * that fails is tried again (ATTEMPTS in all); a URL that expired or was refused (403) is
 * replaced through `refresh` (fresh URLs from the server) once per file.
 */
export async function downloadPresigned(
  files: PresignedFile[], dir: string,
  { onBytes, refresh }: { onBytes: (n: number) => void; refresh: () => Promise<Map<string, string>> },
): Promise<FileDigest[]> {
  const urls = new Map(files.map((f) => [f.path, f.url]));
  let refreshing: Promise<void> | undefined;
  const renew = () => (refreshing ??= refresh().then((fresh) => {
    for (const [p, u] of fresh) urls.set(p, u);
  }).finally(() => (refreshing = undefined)));

  /** One request, retried; `fetchInto` must be safe to run again from the start (it rewrites its bytes). */
  const attempt = async (file: string, fetchInto: (url: string) => Promise<void>) => {
    let renewed = false;
    for (let i = 1; ; i++) {
      try {
        return await fetchInto(urls.get(file)!);
      } catch (err) {
        if (err instanceof UrlExpired && !renewed) {
          renewed = true;
          await renew();
          continue;
        }
        if (i >= ATTEMPTS || err instanceof UrlExpired) throw new CliError(`Downloading ${file} from storage failed: ${(err as Error).message}`);
      }
    }
  };

  const out: FileDigest[] = [];
  const targetOf = (f: PresignedFile) => {
    const rel = safeEntryPath(f.path);
    if (!rel) throw new CliError(`The server named a file without a path (${JSON.stringify(f.path)}).`);
    return path.join(dir, rel);
  };
  const small: (() => Promise<void>)[] = [];
  for (const f of files) {
    const target = targetOf(f);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (f.size <= RANGE_BYTES * 2) {
      small.push(async () => {
        let sha256 = "";
        await attempt(f.path, async (url) => {
          const hasher = fileHasher(f.size);
          let got = 0;
          try {
            const res = await get(url);
            res.on("data", (c: Buffer) => { got += c.length; onBytes(c.length); });
            await pipeline(res, hashingPassThrough(hasher, 1024 * 1024), fs.createWriteStream(target));
            sha256 = await hasher.digest();
          } finally {
            hasher.drop();
          }
          if (got !== f.size) throw new Error(`got ${got} of ${f.size} bytes`);
        });
        out.push({ path: f.path, size: f.size, sha256 });
      });
      continue;
    }
    // A big file: ranges at their offsets, in parallel, then one hash of the whole.
    const handle = await fs.promises.open(target, "w");
    try {
      await handle.truncate(f.size);
      const ranges: (() => Promise<void>)[] = [];
      for (let start = 0; start < f.size; start += RANGE_BYTES) {
        const end = Math.min(f.size, start + RANGE_BYTES) - 1;
        ranges.push(() => attempt(f.path, async (url) => {
          const res = await get(url, { start, end });
          let at = start;
          for await (const chunk of res) {
            const c = chunk as Buffer;
            if (at + c.length > end + 1) throw new Error(`storage sent more than the range ${start}-${end}`);
            await handle.write(c, 0, c.length, at);
            at += c.length;
            onBytes(c.length);
          }
          if (at !== end + 1) throw new Error(`range ${start}-${end} ended at ${at}`);
        }));
      }
      await inParallel(PARALLEL, ranges);
    } finally {
      await handle.close();
    }
    out.push({ path: f.path, ...(await hashFile(target)) });
  }
  await inParallel(PARALLEL, small);
  return out.sort(byUtf8Path);
}
