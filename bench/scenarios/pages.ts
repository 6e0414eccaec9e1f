// Server render of the Model Registry page and of the 100,000-version model's page
// (the whole HTML, streamed to the end), and the JavaScript a first visit to `/` loads
// (with the model and version pages' first-load JavaScript reported beside it).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { BIG_MODEL } from "../seed";
import { okGet, timeIt, type Client } from "../http";
import { ms, type Result } from "../report";
import { DIST_DIR } from "../server";

export async function measurePages(opts: { client: Client; n: number; log: (l: string) => void }): Promise<Result[]> {
  const results: Result[] = [];
  const pages: [string, string, number | null][] = [
    ["Model Registry page `/`", "/", null],
    [`model page /models/${BIG_MODEL}`, `/models/${encodeURIComponent(BIG_MODEL)}`, 150],
  ];
  for (const [name, url, target] of pages) {
    const html = (await okGet(opts.client, url)()).toString();
    if (!html.includes("</html>")) throw new Error(`GET ${url} did not return a complete HTML page`);
    const s = await timeIt(okGet(opts.client, url), opts.n);
    const measured = `p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (${(html.length / 1024).toFixed(0)} KB HTML)`;
    opts.log(`page render | ${name}: ${measured}`);
    results.push({ group: "page render", name, target: target ? `p50 < ${target} ms` : "reported", measured, pass: target ? s.p50 < target : null, data: { url, ...s, htmlBytes: html.length } });
  }
  const model = `/models/${encodeURIComponent(BIG_MODEL)}`;
  const bundles: [string, string, number | null][] = [
    ["Model Registry page first-load JS", "/", 180],
    ["model page first-load JS", model, null],
    ["version page first-load JS", `${model}/versions/1`, null],
  ];
  for (const [name, url, targetKb] of bundles) {
    results.push(firstLoadJs(name, url, (await okGet(opts.client, url)()).toString(), targetKb, opts.log));
  }
  return results;
}

/** Sums the gzip size of every script the page's HTML loads from /_next/static (what a first visit downloads). */
function firstLoadJs(name: string, url: string, html: string, targetKb: number | null, log: (l: string) => void): Result {
  const srcs = new Set<string>();
  // noModule scripts (polyfills) are skipped by every browser that runs modules.
  for (const [, attrs] of html.matchAll(/<script\b([^>]*)>/g)) {
    const src = /\ssrc="([^"]+\.js)"/.exec(attrs)?.[1];
    if (src && !/nomodule/i.test(attrs)) srcs.add(src);
  }
  for (const m of html.matchAll(/<link[^>]*rel="preload"[^>]*as="script"[^>]*href="([^"]+\.js)"|<link[^>]*href="([^"]+\.js)"[^>]*as="script"/g)) srcs.add(m[1] ?? m[2]);
  let gz = 0, raw = 0;
  const chunks: { src: string; gzip: number }[] = [];
  for (const src of srcs) {
    const rel = decodeURIComponent(src.replace(/^.*?\/_next\//, ""));
    const file = path.join(process.cwd(), DIST_DIR, rel);
    if (!fs.existsSync(file)) throw new Error(`script ${src} is not in ${DIST_DIR}`);
    const buf = fs.readFileSync(file);
    const size = zlib.gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += size;
    chunks.push({ src, gzip: size });
  }
  const kb = gz / 1024;
  const measured = `${kb.toFixed(1)} KB gzip (${(raw / 1024).toFixed(0)} KB raw, ${chunks.length} chunks)`;
  log(`first-load JS | ${url}: ${measured}`);
  return {
    group: "bundle", name, target: targetKb ? `< ${targetKb} KB gzip` : "reported", measured,
    pass: targetKb ? kb < targetKb : null, data: { url, gzipBytes: gz, rawBytes: raw, chunks },
  };
}
