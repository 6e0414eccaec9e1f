// Migration between storage backends (docs/decisions/096-storage-migration.md): every
// copy verified against the recorded digests, reads following each checkpoint to
// where it is, a resumed run keeping intact copies, a dry run changing nothing.
// Runs on both backends (vitest.config.ts STORAGE_TESTS): with the local folder as the
// configured storage the round trip is local -> S3 (an s3rver this file starts) -> local;
// in the domain-s3 project it is S3 -> local -> S3.
// Other test files' checkpoints share the database, so every assertion is about this
// file's own checkpoints; each migration ends by moving everything back.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  migrateStorage, openCheckpointDownload, openStorage, reportCheckpoint, storageLocationNow, storeCheckpointArchive, type TMigrationStep,
} from "../../lib/registry";
import { admin, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";
import { startS3Server, type S3Server } from "../support/s3-server";
import { backend, removeAllStored, writeStored } from "../support/stored-files";

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");
const tmpDirs: string[] = [];
const tmpTarget = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-migrate-"));
  tmpDirs.push(d);
  return path.join(d, "checkpoints");
};

let home = "";
let s3: S3Server | undefined;
/** The other backend: a prefix on this file's own S3 server when home is a folder, a folder when home is S3. */
async function otherBackend(): Promise<string> {
  if (backend() === "s3") return tmpTarget();
  if (!s3) {
    s3 = await startS3Server();
    const { MREG_STORAGE_URL: _url, ...settings } = s3.env("unused");
    Object.assign(process.env, settings); // endpoint, path style, s3rver's key pair: for openStorage("s3://...")
  }
  return `s3://${s3.bucket}/migrated-${crypto.randomBytes(3).toString("hex")}`;
}

beforeAll(() => {
  home = storageLocationNow();
});
afterAll(async () => {
  await migrateStorage({ actor: admin, to: home }); // leave every checkpoint where the other files expect it
  await s3?.stop();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

type Files = Record<string, Buffer>;
async function uploaded(files: Files) {
  const cp = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
  await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz(Object.entries(files).map(([name, body]) => ({ name, body })))]) });
  return cp.uuid;
}
const someFiles = (n = 64 * 1024): Files => ({ "model.pt": crypto.randomBytes(n), "cfg/config.yaml": Buffer.from("lr: 0.1\n"), "empty.txt": Buffer.alloc(0) });

/** The files of a checkpoint in one storage, as path -> sha256. */
async function filesIn(location: string, uuid: string): Promise<Record<string, string>> {
  const found = await openStorage(location).hashFiles(uuid);
  return Object.fromEntries(found.map((f) => [f.path, f.sha256]));
}
const expected = (files: Files) => Object.fromEntries(Object.entries(files).map(([p, b]) => [p, sha256(b)]));
const locationOf = async (uuid: string) => (await db().checkpoint.findUniqueOrThrow({ where: { uuid }, select: { storageLocation: true } })).storageLocation;

/** The whole archive a download serves, read to its end. */
async function download(uuid: string): Promise<number> {
  const { archive } = await openCheckpointDownload(uuid);
  let n = 0;
  for await (const chunk of archive) n += (chunk as Buffer).length;
  return n;
}

describe("storage:migrate", () => {
  it("moves every checkpoint to the other backend and back, each copy verified, reads following it", async () => {
    const files = [someFiles(), someFiles(200 * 1024)];
    const uuids = [await uploaded(files[0]), await uploaded(files[1])];
    expect(await locationOf(uuids[0])).toBe(home); // uploads record where they stored the files

    const away = await otherBackend();
    const steps: TMigrationStep[] = [];
    const there = await migrateStorage({ actor: admin, to: away, onStep: (s) => steps.push(s) });
    expect(there.target).toBe(away);
    for (const [i, uuid] of uuids.entries()) {
      expect(steps.find((s) => s.uuid === uuid)).toMatchObject({ outcome: "copied", from: home });
      expect(await locationOf(uuid)).toBe(away);
      expect(await filesIn(away, uuid)).toEqual(expected(files[i]));
    }
    // The old files are kept; reads now go to the copy: prove it by removing the old ones.
    expect(await filesIn(home, uuids[0])).toEqual(expected(files[0]));
    await removeAllStored(uuids[0]);
    expect(await filesIn(home, uuids[0])).toEqual({});
    expect(await download(uuids[0])).toBeGreaterThan(64 * 1024);

    // A second run has nothing of ours left to move (a folder given as a file: URL this time).
    const again: TMigrationStep[] = [];
    await migrateStorage({ actor: admin, to: away.startsWith("s3:") ? away : `file://${away}`, onStep: (s) => again.push(s) });
    expect(again.filter((s) => uuids.includes(s.uuid))).toEqual([]);

    // And back home (the old copy of the first was removed: it is copied again).
    const back = await migrateStorage({ actor: admin, to: home, onStep: (s) => steps.push(s) });
    expect(back.failed.filter((f) => uuids.includes(f.uuid))).toEqual([]);
    for (const [i, uuid] of uuids.entries()) {
      expect(await locationOf(uuid)).toBe(home);
      expect(await filesIn(home, uuid)).toEqual(expected(files[i]));
    }
    expect(steps.filter((s) => s.from === away && uuids.includes(s.uuid)).map((s) => s.outcome).sort()).toEqual(["already-copied", "copied"]);
  });

  it("resumes: keeps an intact copy an interrupted run left, replaces a damaged one, and refuses a copy that does not match the digests", async () => {
    const files = [someFiles(), someFiles(), someFiles()];
    const uuids = [await uploaded(files[0]), await uploaded(files[1]), await uploaded(files[2])];
    const away = tmpTarget();
    // An interrupted run: the first two were copied but not switched, the second's copy then damaged.
    for (const [i, uuid] of uuids.slice(0, 2).entries()) {
      for (const [name, body] of Object.entries(files[i])) {
        fs.mkdirSync(path.dirname(path.join(away, uuid, name)), { recursive: true });
        fs.writeFileSync(path.join(away, uuid, name), body);
      }
    }
    fs.writeFileSync(path.join(away, uuids[1], "model.pt"), crypto.randomBytes(64 * 1024));
    // The third's source file changed since upload: its copy cannot match what was recorded.
    await writeStored(uuids[2], "model.pt", crypto.randomBytes(64 * 1024));

    const steps: TMigrationStep[] = [];
    const run = await migrateStorage({ actor: admin, to: away, onStep: (s) => steps.push(s) });
    const mine = (uuid: string) => steps.find((s) => s.uuid === uuid);
    expect(mine(uuids[0])?.outcome).toBe("already-copied");
    expect(mine(uuids[1])?.outcome).toBe("copied");
    expect(mine(uuids[2])).toMatchObject({ outcome: "failed", error: expect.stringContaining("does not match the digests recorded at upload: model.pt (changed)") });
    expect(run.failed.map((f) => f.uuid)).toContain(uuids[2]);
    expect(await filesIn(away, uuids[1])).toEqual(expected(files[1]));
    expect(await locationOf(uuids[2])).toBe(home); // still read from where it was
    expect(fs.existsSync(path.join(away, uuids[2]))).toBe(false); // the bad copy is not kept

    // Fixed, a re-run moves only what is left.
    await writeStored(uuids[2], "model.pt", files[2]["model.pt"]);
    const left: TMigrationStep[] = [];
    await migrateStorage({ actor: admin, to: away, onStep: (s) => left.push(s) });
    expect(left.filter((s) => uuids.includes(s.uuid)).map((s) => [s.uuid, s.outcome])).toEqual([[uuids[2], "copied"]]);
    expect(await locationOf(uuids[2])).toBe(away);
  });

  it("a dry run lists what it would copy, with the bytes, and changes nothing", async () => {
    const uuid = await uploaded(someFiles(10_000));
    const away = tmpTarget();
    const before = await db().$queryRaw<{ uuid: string; storage_location: string | null }[]>`SELECT uuid::text, storage_location FROM checkpoints ORDER BY uuid`;
    const history = await db().historyEvent.count();
    const steps: TMigrationStep[] = [];
    const run = await migrateStorage({ actor: admin, to: away, dryRun: true, onStep: (s) => steps.push(s) });
    expect(steps.find((s) => s.uuid === uuid)).toMatchObject({ outcome: "would-copy", bytes: 10_000 + 8, from: home });
    expect(run.planned.checkpoints).toBe(steps.length);
    expect(run.planned.bytes).toBe(steps.reduce((a, s) => a + s.bytes, 0));
    expect(run.moved).toBe(0);
    expect(await db().$queryRaw`SELECT uuid::text, storage_location FROM checkpoints ORDER BY uuid`).toEqual(before);
    expect(await db().historyEvent.count()).toBe(history);
    expect(fs.existsSync(away)).toBe(false);
  });

  it("keeps serving downloads while checkpoints are copied and switched", async () => {
    const uuids = await Promise.all(Array.from({ length: 4 }, () => uploaded(someFiles(1024 * 1024))));
    const away = tmpTarget();
    let done = false;
    let reads = 0;
    const reader = (async () => {
      while (!done) {
        for (const uuid of uuids) {
          expect(await download(uuid)).toBeGreaterThan(1024 * 1024);
          reads++;
        }
      }
    })();
    const run = await migrateStorage({ actor: admin, to: away }).finally(() => (done = true));
    await reader;
    expect(run.failed.filter((f) => uuids.includes(f.uuid))).toEqual([]);
    expect(reads).toBeGreaterThan(uuids.length);
    for (const uuid of uuids) expect(await locationOf(uuid)).toBe(away);
    await migrateStorage({ actor: admin, to: home });
  });

  it("is for administrators only", async () => {
    const u = await db().user.create({ data: { username: uniq("u") } });
    const code = await migrateStorage({ actor: { userId: u.id, username: u.username, admin: false }, to: tmpTarget(), dryRun: true }).then(() => "OK", (e) => e.code);
    expect(code).toBe("FORBIDDEN");
  });
  it("lists every checkpoint past the first page (500), in uuid order across pages", async () => {
    // Checkpoints with no files: a dry run only reads the database.
    const uuids = Array.from({ length: 1_100 }, () => crypto.randomUUID());
    await db().$executeRaw`INSERT INTO checkpoints (uuid, state) SELECT u::uuid, 'COMPLETED' FROM unnest(${uuids}::text[]) u`;
    try {
      const listed = new Set<string>();
      await migrateStorage({ actor: admin, to: tmpTarget(), dryRun: true, onStep: (s) => listed.add(s.uuid) });
      expect(uuids.filter((u) => !listed.has(u))).toEqual([]);
    } finally {
      await db().$executeRaw`DELETE FROM checkpoints WHERE uuid = ANY (${uuids}::uuid[])`;
    }
  });
});
