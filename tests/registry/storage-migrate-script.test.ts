// `npm run storage:migrate` as an operator runs it: a real process on the same database
// and storage, killed part-way and run again (docs/decisions/096-storage-migration.md).
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { migrateStorage, openStorage, reportCheckpoint, storageRoot, storeCheckpointArchive } from "../../lib/registry";
import { admin, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const argv = (...args: string[]) => ["--conditions=react-server", "scripts/storage-migrate.ts", ...args];
const env = () => ({ ...process.env, MREG_DEMO_DATA: "0" });
const run = (...args: string[]) => spawnSync(tsx, argv(...args), { cwd: root, encoding: "utf8", timeout: 180_000, env: env() });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-migrate-script-"));
afterAll(async () => {
  await migrateStorage({ actor: admin, to: storageRoot() });
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function uploaded(bytes: number) {
  const cp = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
  await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "w.bin", body: crypto.randomBytes(bytes) }])]) });
  return cp.uuid;
}
const locationOf = async (uuid: string) => (await db().checkpoint.findUniqueOrThrow({ where: { uuid }, select: { storageLocation: true } })).storageLocation;

describe("npm run storage:migrate", () => {
  it("refuses a run without --to or with an unknown option (exit 2, the usage)", () => {
    const none = run();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("--to is required");
    expect(none.stderr).toContain("usage: npm run storage:migrate -- --to");
    const odd = run("--to", tmp, "--fast");
    expect(odd.status).toBe(2);
    expect(odd.stderr).toMatch(/Unknown option '--fast'/);
  });

  it("lists a dry run, survives being killed part-way, and a re-run finishes with every copy verified", async () => {
    const uuids: string[] = [];
    for (let i = 0; i < 6; i++) uuids.push(await uploaded(4 * 1024 * 1024));
    const target = path.join(tmp, "moved");

    const dry = run("--to", target, "--dry-run");
    expect(dry.status).toBe(0);
    for (const uuid of uuids) expect(dry.stdout).toContain(`would copy ${uuid} 4.0 MB from ${storageRoot()}`);
    expect(dry.stdout).toMatch(/Dry run: \d+ checkpoint\(s\), .* would be copied to .*Nothing was changed\./);
    expect(fs.existsSync(target)).toBe(false);

    // Killed (SIGKILL to its process group: tsx runs node as a child) right after its first switch.
    const child = spawn(tsx, argv("--to", target), { cwd: root, env: env(), stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (/^copied /m.test(out) && child.exitCode === null) {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            /* already gone */
          }
        }
      });
      child.on("exit", () => resolve());
    });
    expect(out).toMatch(/Moving \d+ checkpoint\(s\)/);
    expect(out).not.toContain("Done:");
    const movedFirst = (await Promise.all(uuids.map(locationOf))).filter((l) => l === target).length;
    expect(movedFirst).toBeLessThan(uuids.length);

    const rest = run("--to", target);
    const lines = rest.stdout.split("\n");
    const again = uuids.filter((u) => lines.some((l) => l.includes(u)));
    expect(again.length).toBe(uuids.length - movedFirst); // only what was left
    for (const uuid of uuids) {
      expect(await locationOf(uuid)).toBe(target);
      const [stored] = await openStorage(target).hashFiles(uuid);
      const recorded = (await db().checkpoint.findUniqueOrThrow({ where: { uuid }, select: { fileDigests: true } })).fileDigests as Record<string, string>;
      expect(stored.sha256).toBe(recorded["w.bin"]);
    }
    // Other files' checkpoints may be damaged on purpose; ours are not among the failures.
    for (const uuid of uuids) expect(rest.stderr).not.toContain(uuid);
  });
});
