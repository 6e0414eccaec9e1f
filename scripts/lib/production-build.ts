// The production build `npm start` serves: built when missing or out of date. "Out of
// date" is a SHA-256 over every source file the build reads (app, components, lib,
// proxy, instrumentation, the Next/TypeScript/PostCSS configs, the Prisma schema) plus
// package.json and the lockfile, stored beside the build in mreg-build.json. Hashing
// the ~400 files takes tens of milliseconds; `next build` wipes its folder first, so
// a failed or interrupted build leaves no stamp and is redone on the next start.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = [
  "proxy.ts", "instrumentation.ts", "next.config.ts", "tsconfig.json", "postcss.config.mjs",
  "package.json", "package-lock.json", "prisma/schema.prisma",
];
const STAMP = "mreg-build.json";

export const distDir = () => process.env.NEXT_DIST_DIR || ".next";

export function sourceHash(root = ROOT): string {
  const files: string[] = SOURCE_FILES.filter((f) => fs.existsSync(path.join(root, f)));
  for (const dir of SOURCE_DIRS) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const e of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) files.push(path.relative(root, path.join(e.parentPath, e.name)));
    }
  }
  const hash = crypto.createHash("sha256");
  for (const f of files.sort()) hash.update(`${f}\0`).update(fs.readFileSync(path.join(root, f))).update("\0");
  return hash.digest("hex");
}

type Stamp = { sourceHash: string; builtAt: string };

/** Why the build in `dist` cannot be served as it is, or null when it is current. */
export function staleReason(dist = distDir(), hash = sourceHash()): string | null {
  const stampFile = path.join(ROOT, dist, STAMP);
  if (!fs.existsSync(path.join(ROOT, dist, "BUILD_ID")) || !fs.existsSync(stampFile)) return `no production build in ${dist} yet`;
  const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as Stamp;
  return stamp.sourceHash === hash ? null : `the sources changed since ${dist} was built (${stamp.builtAt})`;
}

/** Runs `next build` into `dist` and stamps it. Output goes to `output` (default: this terminal). */
export function build(dist = distDir(), opts: { output?: "inherit" | "capture" } = {}): { seconds: number; output: string } {
  const hash = sourceHash();
  // next build adds its folder's type declarations to tsconfig's include; that edit is not ours to keep.
  const tsconfig = fs.readFileSync(path.join(ROOT, "tsconfig.json"));
  const started = performance.now();
  const res = spawnSync(path.join(ROOT, "node_modules", ".bin", "next"), ["build"], {
    cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20,
    stdio: opts.output === "capture" ? "pipe" : "inherit",
    env: { ...process.env, NEXT_DIST_DIR: dist, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  fs.writeFileSync(path.join(ROOT, "tsconfig.json"), tsconfig);
  const output = `${res.stdout ?? ""}${res.stderr ?? ""}`;
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})${output ? `:\n${output.slice(-4000)}` : ""}`);
  fs.writeFileSync(path.join(ROOT, dist, STAMP), JSON.stringify({ sourceHash: hash, builtAt: new Date().toISOString() } satisfies Stamp));
  return { seconds: (performance.now() - started) / 1000, output };
}

/**
 * Builds unless `dist` is current. Two processes starting at once take turns (a lock
 * folder beside the build), so only one builds and the other serves its result.
 */
export async function ensureBuild(log: (line: string) => void, dist = distDir()): Promise<void> {
  if (!staleReason(dist)) return;
  const lock = path.join(ROOT, `${dist}.build-lock`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid));
      break;
    } catch {
      if (!lockHolderAlive(lock)) { fs.rmSync(lock, { recursive: true, force: true }); continue; }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const why = staleReason(dist);
    if (!why) return;
    log(`building the production app (${why}); this takes a minute or two, once`);
    const { seconds } = build(dist);
    log(`production build ready in ${Math.round(seconds)} s`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function lockHolderAlive(lock: string): boolean {
  let owner = 0;
  try {
    owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8").trim());
  } catch {
    // Just taken (its pid not written yet), or left by a process that died right then.
    return fs.existsSync(lock) && Date.now() - fs.statSync(lock).mtimeMs < 10_000;
  }
  try {
    process.kill(owner, 0);
    return true;
  } catch {
    return false;
  }
}
