// Runs mreg as a real process against the HTTP test server: the bundle an install runs
// (built once by tests/support/server-setup.ts), or the checkout's wrapper `bin`, which
// compiles the sources through tsx, where no bundle was built (or with `entry: bin`).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";

export const root = path.resolve(import.meta.dirname, "../..");
export const bin = path.join(root, "cli/bin/mreg.mjs");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape: each test's expect() checks it
export type Run = { code: number | null; stdout: string; stderr: string; json: () => any };

/** The bundle the HTTP project's setup built; undefined in projects that build none. */
const bundled = (): string | undefined => inject("mregBundle");

const made: string[] = [];
/** A temporary folder, removed after the file's tests. */
export function tmpDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mreg-cli-${prefix}-`));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A private config folder, so each test has its own token cache. */
export const freshConfig = () => tmpDir("config");

export function mreg(args: string[], opts: { config?: string; env?: Record<string, string>; entry?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.entry ?? bundled() ?? bin, ...args], {
      cwd: root,
      env: {
        ...process.env,
        MREG_MASTER: inject("baseUrl"),
        XDG_CONFIG_HOME: opts.config ?? sharedConfig,
        MREG_PASSWORD: "",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  });
}

const sharedConfig = freshConfig();

/** Runs mreg and fails the test with its stderr unless it exits 0. */
export async function ok(args: string[], opts: Parameters<typeof mreg>[1] = {}): Promise<Run> {
  const r = await mreg(args, opts);
  if (r.code !== 0) throw new Error(`mreg ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r;
}
