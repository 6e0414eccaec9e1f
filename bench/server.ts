// Builds the production app into its own dist folder with the same build step
// `npm start` uses, and runs it exactly as the README's run command does
// (scripts/start.ts: database preparation, build check, scripts/serve.mjs) against
// the bench cluster, in its own process group so that stopping it also stops every child.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { build } from "../scripts/lib/production-build";
import { HOST } from "./http";

export const DIST_DIR = ".next-bench";
const root = process.cwd();
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export function buildApp(log: (l: string) => void): { seconds: number; output: string } {
  const result = build(DIST_DIR, { output: "capture" });
  log(`next build: ${result.seconds.toFixed(0)} s`);
  return result;
}

export type Server = { port: number; child: ChildProcess; pid: () => number; stop: () => Promise<void> };

export async function startServer(opts: { port: number; databaseUrl: string; storageDir: string; logFile: string; env?: Record<string, string> }): Promise<Server> {
  const out = fs.openSync(opts.logFile, "a");
  const child = spawn(bin("tsx"), ["--conditions=react-server", "scripts/start.ts"], {
    cwd: root, detached: true, stdio: ["ignore", out, out],
    env: {
      ...process.env, DATABASE_URL: opts.databaseUrl, MREG_DEMO_DATA: "0", NEXT_DIST_DIR: DIST_DIR,
      PORT: String(opts.port), MREG_HOST: HOST,
      MREG_STORAGE_DIR: opts.storageDir, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1",
      // Webhooks scenario: a signing-secret key, and its receiver listens on 127.0.0.1.
      MREG_WEBHOOK_KEY: "3".repeat(64), MREG_WEBHOOK_ALLOW_PRIVATE: "1",
      // Profiling the server alone, e.g. BENCH_SERVER_NODE_OPTIONS="--require /tmp/profile.cjs" (--cpu-prof is refused in NODE_OPTIONS).
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
      // Object-storage scenario: MREG_STORAGE_URL and the S3 settings of its server.
      ...opts.env,
    },
  });
  let exited = false;
  child.on("exit", () => { exited = true; });
  const stop = async () => {
    if (exited || !child.pid) return;
    try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
    for (let i = 0; i < 50 && !exited; i++) await new Promise((r) => setTimeout(r, 100));
    if (!exited) try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`the server exited during start-up; see ${opts.logFile}`);
    if (Date.now() > deadline) { await stop(); throw new Error(`the server did not answer within 90 s; see ${opts.logFile}`); }
    const ok = await fetch(`http://${HOST}:${opts.port}/`).then((r) => r.status < 500, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  let listener = 0;
  const pid = () => (listener ||= listeningPid(opts.port, child.pid!));
  return { port: opts.port, child, pid, stop };
}

/** The process (in the server's group) that holds the listening socket: the one whose memory we watch. */
function listeningPid(port: number, groupLeader: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[1]?.endsWith(`:${hex}`) && cols[3] === "0A") inodes.add(cols[9]);
    }
  }
  for (const p of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const pgrp = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      if (pgrp !== groupLeader) continue;
      for (const fd of fs.readdirSync(`/proc/${p}/fd`)) {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${p}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(p);
      }
    } catch { /* process went away */ }
  }
  throw new Error(`no process of the server's group listens on port ${port}`);
}

/** kB values from /proc/<pid>/status. */
export function memory(pid: number): { rssKb: number; hwmKb: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
  return { rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
}

/** Samples RSS every 25 ms; VmHWM is reset first (clear_refs 5) so the peak belongs to this window. */
export function watchMemory(pid: number) {
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, "5"); } catch { /* not permitted: VmHWM stays lifetime peak */ }
  const base = memory(pid);
  let peak = base.rssKb;
  const timer = setInterval(() => { try { peak = Math.max(peak, memory(pid).rssKb); } catch { /* exited */ } }, 25);
  return () => {
    clearInterval(timer);
    const end = memory(pid);
    peak = Math.max(peak, end.rssKb, end.hwmKb);
    return { baseMb: base.rssKb / 1024, peakMb: peak / 1024, growthMb: (peak - base.rssKb) / 1024 };
  };
}
