// Checkpoint integrity (docs/decisions/070-073): digests recorded in the upload's pass,
// the manifest digest, immutability, storage verify and the start-up backfill.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { manifestDigest, manifestText, type FileDigest } from "../../lib/archive";
import { db } from "../../lib/db/client";
import {
  backfillDigests, getCheckpoint, latestStorageVerification, openCheckpointDownload, reportCheckpoint,
  startStorageVerification, storeCheckpointArchive, verifyStorage, type TStorageProblem,
} from "../../lib/registry";
import { admin, makeCheckpoint, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";
import { readStored, removeAllStored, removeStored, writeStored } from "../support/stored-files";

// Another file's test may have left a run open; this file's verify runs need the slot.
beforeAll(async () => {
  await db().storageVerification.updateMany({ where: { status: "RUNNING" }, data: { status: "INTERRUPTED" } });
});

const sha256 = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");
const newCheckpoint = () => reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });

async function uploaded(files: Record<string, Buffer | string>) {
  const cp = await newCheckpoint();
  return storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz(Object.entries(files).map(([name, body]) => ({ name, body })))]) });
}

/** Runs storage verify and returns the problems it found in one checkpoint. */
async function verifyFindings(uuid: string): Promise<Omit<TStorageProblem, "experimentId">[]> {
  const found: TStorageProblem[] = [];
  const run = await verifyStorage({ actor: admin, onProgress: (_p, problem) => { if (problem) found.push(problem); } });
  expect(run.status).toBe("DONE");
  return found.filter((p) => p.uuid === uuid).map(({ uuid: u, path: f, problem }) => ({ uuid: u, path: f, problem }));
}

describe("the manifest digest", () => {
  const files: FileDigest[] = [
    { path: "z.bin", size: 3, sha256: sha256("abc") },
    { path: "a b/ü.txt", size: 0, sha256: sha256("") },
    { path: "a b/v.txt", size: 1, sha256: sha256("v") },
  ];

  it("is the same for the same files in any order, and is sha256 over the documented lines", () => {
    const d = manifestDigest(files);
    expect(manifestDigest([...files].reverse())).toBe(d);
    expect(manifestDigest([files[1], files[2], files[0]])).toBe(d);
    // Sorted by UTF-8 bytes: "v" (0x76) before "ü" (0xc3 0xbc), whatever the locale says.
    const text = `${sha256("v")} 1 "a b/v.txt"\n${sha256("")} 0 "a b/ü.txt"\n${sha256("abc")} 3 "z.bin"\n`;
    expect(manifestText(files)).toBe(text);
    expect(d).toBe(`sha256:${sha256(text)}`);
  });

  it("changes with any path, size or file digest", () => {
    const d = manifestDigest(files);
    expect(manifestDigest([{ ...files[0], path: "y.bin" }, files[1], files[2]])).not.toBe(d);
    expect(manifestDigest([{ ...files[0], size: 4 }, files[1], files[2]])).not.toBe(d);
    expect(manifestDigest([{ ...files[0], sha256: sha256("abd") }, files[1], files[2]])).not.toBe(d);
    expect(manifestDigest(files.slice(1))).not.toBe(d);
    // A newline in a name cannot make one file read as two.
    expect(manifestText([{ path: "a\nb", size: 1, sha256: sha256("x") }])).toBe(`${sha256("x")} 1 "a\\nb"\n`);
  });
});

describe("digests at upload", () => {
  it("records the SHA-256 of every file and the manifest digest as the archive streams in", async () => {
    const weights = crypto.randomBytes(3 * 1024 * 1024 + 7);
    const stored = await uploaded({ "model.bin": weights, "cfg/config.json": '{"lr": 0.1}', "empty.txt": "" });
    const expected = [
      { path: "cfg/config.json", size: 11, sha256: sha256('{"lr": 0.1}') },
      { path: "empty.txt", size: 0, sha256: sha256("") },
      { path: "model.bin", size: weights.length, sha256: sha256(weights) },
    ];
    expect(stored.files).toEqual(expected);
    expect(stored.manifestDigest).toBe(manifestDigest(expected));
    expect(stored.verifiedAt).toBeInstanceOf(Date);
    expect(stored.corrupt).toBeNull();
    const again = await getCheckpoint(stored.uuid);
    expect(again.files).toEqual(expected);
    expect(again.manifestDigest).toBe(stored.manifestDigest);
    // What storage holds is what was hashed.
    expect(sha256(await readStored(stored.uuid, "model.bin"))).toBe(expected[2].sha256);
    expect((await openCheckpointDownload(stored.uuid)).manifestDigest).toBe(stored.manifestDigest);
  });

  it("files written by a fill of its own are hashed from storage", async () => {
    const cp = await makeCheckpoint({ files: { "w.bin": "weights" } });
    expect(cp.files).toEqual([{ path: "w.bin", size: 7, sha256: sha256("weights") }]);
    expect(cp.manifestDigest).toBe(manifestDigest([{ path: "w.bin", size: 7, sha256: sha256("weights") }]));
  });

  it("a completed checkpoint is immutable: a second upload is refused and changes nothing", async () => {
    const stored = await uploaded({ "a.bin": "first" });
    const body = Readable.from([rawTarGz([{ name: "a.bin", body: "second" }])]);
    const err = await storeCheckpointArchive({ actor: admin, uuid: stored.uuid, archive: body }).catch((e) => e);
    expect(err.code).toBe("ALREADY_EXISTS");
    expect(err.message).toMatch(/is already completed \(manifest sha256:[0-9a-f]{64}\); a completed checkpoint is immutable/);
    expect((await readStored(stored.uuid, "a.bin")).toString()).toBe("first");
    expect((await getCheckpoint(stored.uuid)).manifestDigest).toBe(stored.manifestDigest);
  });
});

describe("storage verify", () => {
  it("finds one flipped byte of one stored file, every time, marks the checkpoint corrupt and stops serving it", async () => {
    const weights = crypto.randomBytes(256 * 1024);
    const stored = await uploaded({ "model.bin": weights, "config.json": "{}" });
    for (const at of [0, 1, 4096, weights.length - 1, crypto.randomInt(weights.length)]) {
      const bytes = Buffer.from(weights);
      bytes[at] ^= 1 << crypto.randomInt(8); // one bit of one byte
      await writeStored(stored.uuid, "model.bin", bytes);
      expect(await verifyFindings(stored.uuid)).toEqual([{ uuid: stored.uuid, path: "model.bin", problem: "changed" }]);
      const cp = await getCheckpoint(stored.uuid);
      expect(cp.corrupt).toMatchObject({ files: [{ path: "model.bin", problem: "changed" }] });
      const refused = await openCheckpointDownload(stored.uuid).catch((e) => e);
      expect(refused.code).toBe("CONFLICT");
      expect(refused.message).toMatch(/is marked corrupt: .*model\.bin \(changed\)/);
      // Restored: the next verify clears the mark and the files are served again.
      await writeStored(stored.uuid, "model.bin", weights);
      expect(await verifyFindings(stored.uuid)).toEqual([]);
      expect((await getCheckpoint(stored.uuid)).corrupt).toBeNull();
      (await openCheckpointDownload(stored.uuid)).archive.destroy();
    }
  });

  it("reports missing and extra files, and a folder that is gone", async () => {
    const stored = await uploaded({ "a.bin": "a", "b.bin": "b" });
    await removeStored(stored.uuid, "a.bin");
    await writeStored(stored.uuid, "c.bin", "c");
    expect(await verifyFindings(stored.uuid)).toEqual([
      { uuid: stored.uuid, path: "a.bin", problem: "missing" },
      { uuid: stored.uuid, path: "c.bin", problem: "extra" },
    ]);
    await removeAllStored(stored.uuid);
    expect((await verifyFindings(stored.uuid)).map((p) => p.problem)).toEqual(["missing", "missing"]);
    const latest = await latestStorageVerification({ actor: admin });
    expect(latest).toMatchObject({ status: "DONE", corruptCheckpoints: expect.any(Number) });
    expect(latest!.problems).toEqual(expect.arrayContaining([{ uuid: stored.uuid, experimentId: stored.experimentId, path: "a.bin", problem: "missing" }]));
    expect(latest!.checkpointsDone).toBe(latest!.checkpointsTotal);
  });

  it("is for administrators only", async () => {
    const u = await db().user.create({ data: { username: uniq("u") } });
    const user = { userId: u.id, username: u.username, admin: false };
    for (const call of [() => startStorageVerification({ actor: user }), () => verifyStorage({ actor: user }), () => latestStorageVerification({ actor: user })]) {
      expect(await call().then(() => "OK", (e) => e.code)).toBe("FORBIDDEN");
    }
  });

  it("runs one at a time; a run whose process stopped is closed as interrupted", async () => {
    const first = await startStorageVerification({ actor: admin });
    const err = await startStorageVerification({ actor: admin }).catch((e) => e);
    expect(err.code).toBe("ALREADY_EXISTS");
    expect(err.message).toMatch(/already running/);
    await db().storageVerification.update({ where: { id: first.id }, data: { heartbeatAt: new Date(Date.now() - 120_000) } });
    expect((await latestStorageVerification({ actor: admin }))!.status).toBe("INTERRUPTED");
    const second = await startStorageVerification({ actor: admin });
    expect((await db().storageVerification.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("INTERRUPTED");
    await db().storageVerification.update({ where: { id: second.id }, data: { status: "DONE" } });
  });
});

describe("the digest backfill", () => {
  /** A checkpoint as stored before this change: files and sizes, no digests. */
  async function legacyCheckpoint(files: Record<string, Buffer | string>) {
    const cp = await makeCheckpoint({ files: files as Record<string, string> });
    await db().$executeRaw`UPDATE checkpoints SET file_digests = NULL, manifest_digest = NULL, verified_at = NULL WHERE uuid = ${cp.uuid}::uuid`;
    return cp;
  }

  it("gives checkpoints stored before digests existed the digests of their files", async () => {
    const weights = crypto.randomBytes(100_000);
    const cps = [await legacyCheckpoint({ "model.bin": weights, "sub/c.txt": "c" }), await legacyCheckpoint({ "w": "w" })];
    expect((await getCheckpoint(cps[0].uuid)).manifestDigest).toBeNull();
    // Two instances at once: each checkpoint is done once and both end.
    const [r1, r2] = await Promise.all([backfillDigests({ actor: admin }), backfillDigests({ actor: admin })]);
    expect(r1.hashed + r2.hashed).toBeGreaterThanOrEqual(2);
    const a = await getCheckpoint(cps[0].uuid);
    const expected = [
      { path: "model.bin", size: weights.length, sha256: sha256(weights) },
      { path: "sub/c.txt", size: 1, sha256: sha256("c") },
    ];
    expect(a.files).toEqual(expected);
    expect(a.manifestDigest).toBe(manifestDigest(expected));
    expect((await getCheckpoint(cps[1].uuid)).files).toEqual([{ path: "w", size: 1, sha256: sha256("w") }]);
    // Nothing is left for a later start.
    const [{ n }] = await db().$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM checkpoints WHERE state = 'COMPLETED' AND manifest_digest IS NULL AND verified_at IS NULL`;
    expect(n).toBe(0);
  });

  it("marks corrupt, instead of recording, files that disagree with the recorded sizes", async () => {
    const cp = await legacyCheckpoint({ "a.bin": "aaaa" });
    await writeStored(cp.uuid, "a.bin", "aa");
    await backfillDigests({ actor: admin });
    const after = await getCheckpoint(cp.uuid);
    expect(after.manifestDigest).toBeNull();
    expect(after.corrupt).toMatchObject({ files: [{ path: "a.bin", problem: "changed" }] });
  });
});
