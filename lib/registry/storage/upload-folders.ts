import "server-only";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Uploads are unpacked under `<storage>/.tmp/<instance>/`, one folder per server
 * process, so that instances sharing the checkpoint storage never touch each
 * other's work (docs/decisions/030-instance-upload-folders.md). Each instance holds
 * a lease on its folder: the file `.lease` inside it, whose modification time it
 * renews every few seconds. A folder is removed by someone else only once its lease
 * has not been renewed for MREG_TMP_LEASE_SECONDS (default 300): its owner is gone
 * (crashed, killed, or stopped without cleaning up) and the folder is old. Clocks
 * of instances sharing storage must agree to well within that time.
 */
const LEASE_FILE = ".lease";

export const leaseMs = () => {
  const v = Number(process.env.MREG_TMP_LEASE_SECONDS);
  return (Number.isFinite(v) && v > 0 ? v : 300) * 1000;
};
const renewMs = () => Math.min(10_000, leaseMs() / 5);

type Instance = { id: string; root?: string; timer?: NodeJS.Timeout; sweeper?: NodeJS.Timeout };
const g = globalThis as unknown as { __registryUploadInstance?: Instance };
const instance = () => (g.__registryUploadInstance ??= {
  id: `${os.hostname().replace(/[^\w.-]/g, "_")}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`,
});

export const tmpRoot = (storage: string) => path.join(/*turbopackIgnore: true*/ storage, ".tmp");
const folderOf = (storage: string) => path.join(/*turbopackIgnore: true*/ tmpRoot(storage), instance().id);

async function writeLease(folder: string): Promise<void> {
  await fs.mkdir(folder, { recursive: true });
  const lease = path.join(/*turbopackIgnore: true*/ folder, LEASE_FILE);
  const now = new Date();
  await fs.utimes(lease, now, now).catch(async () => {
    await fs.writeFile(lease, JSON.stringify({ host: os.hostname(), pid: process.pid, started: now.toISOString() }));
  });
}

/**
 * This process's folder under `<storage>/.tmp`, created (with its lease) on first use
 * and re-created if something removed it; the lease is renewed from then on.
 */
export async function instanceUploadFolder(storage: string): Promise<string> {
  const inst = instance();
  const folder = folderOf(storage);
  await writeLease(folder);
  if (inst.root !== storage) {
    inst.root = storage;
    clearInterval(inst.timer);
    inst.timer = setInterval(() => void writeLease(folder).catch(() => {}), renewMs()).unref();
  }
  return folder;
}

/** When the lease of a folder under .tmp was last renewed (its own mtime for a folder without one). */
async function lastRenewed(folder: string): Promise<number | null> {
  const lease = await fs.stat(path.join(/*turbopackIgnore: true*/ folder, LEASE_FILE)).catch(() => null);
  if (lease) return lease.mtimeMs;
  const own = await fs.stat(folder).catch(() => null);
  return own ? own.mtimeMs : null;
}

/**
 * Removes the folders of instances whose lease ran out (never this process's own);
 * returns how many. Safe to run from any instance at any time: a live instance
 * renews its lease far more often than it can run out.
 */
export async function sweepOrphanedUploads(storage: string): Promise<number> {
  const root = tmpRoot(storage);
  const entries = await fs.readdir(root).catch(() => [] as string[]);
  const cutoff = Date.now() - leaseMs();
  let removed = 0;
  for (const name of entries) {
    if (name === instance().id) continue;
    const folder = path.join(/*turbopackIgnore: true*/ root, name);
    const renewed = await lastRenewed(folder);
    if (renewed === null || renewed > cutoff) continue;
    await fs.rm(folder, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Sweeps now and then (every half lease, at most once a minute) for as long as the process runs. */
export function startUploadHousekeeping(storage: string, log: (line: string) => void = () => {}): void {
  const inst = instance();
  if (inst.sweeper) return;
  const sweep = () => sweepOrphanedUploads(storage).then((n) => {
    if (n) log(`removed ${n} upload folder(s) left by stopped instances`);
  }, () => {});
  void sweep();
  inst.sweeper = setInterval(() => void sweep(), Math.min(60_000, leaseMs() / 2)).unref();
}

/** At a clean shutdown: this process's folder is removed (nothing else writes there) and its lease ends. */
export async function releaseInstanceUploadFolder(): Promise<void> {
  const inst = instance();
  clearInterval(inst.timer);
  clearInterval(inst.sweeper);
  inst.sweeper = undefined;
  if (inst.root) await fs.rm(folderOf(inst.root), { recursive: true, force: true });
  inst.root = undefined;
}
