// `npm run storage:verify` as a user runs it: a real process on the same database and
// storage, its progress and each corrupt file on stdout, its exit code.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { getCheckpoint, reportCheckpoint, storeCheckpointArchive } from "../../lib/registry";
import { admin, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";
import { writeStored } from "../support/stored-files";

const root = path.resolve(import.meta.dirname, "../..");
const run = () => spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/storage-verify.ts"], {
  cwd: root, encoding: "utf8", timeout: 120_000, env: { ...process.env, MREG_DEMO_DATA: "0" },
});

beforeAll(async () => {
  await db().storageVerification.updateMany({ where: { status: "RUNNING" }, data: { status: "INTERRUPTED" } });
});

describe("npm run storage:verify", () => {
  it("reports each corrupt file and exits 1; after the file is restored it exits 0", async () => {
    const cp = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
    const weights = crypto.randomBytes(64 * 1024);
    await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([{ name: "w.bin", body: weights }])]) });
    // Other tests' checkpoints may be corrupt on purpose: the run before the flip is the baseline.
    const baseline = run();
    expect(baseline.stdout).not.toContain(cp.uuid);
    const flipped = Buffer.from(weights);
    flipped[1000] ^= 0x10;
    await writeStored(cp.uuid, "w.bin", flipped);

    const bad = run();
    expect(bad.stdout).toContain(`CORRUPT ${cp.uuid} "w.bin": changed`);
    expect(bad.stdout).toMatch(/checked \d+\/\d+ checkpoints/);
    expect(bad.stdout).toMatch(/\d+ of \d+ checkpoint\(s\) are corrupt/);
    expect(bad.status).toBe(1);
    expect((await getCheckpoint(cp.uuid)).corrupt).not.toBeNull();

    await writeStored(cp.uuid, "w.bin", weights);
    const good = run();
    expect(good.stdout).not.toContain(cp.uuid);
    expect((await getCheckpoint(cp.uuid)).corrupt).toBeNull();
    // Back to the baseline's verdict (0 unless other tests left corrupt checkpoints).
    expect(good.status).toBe(baseline.status);
  });
});
