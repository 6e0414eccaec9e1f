import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  RegistryError, getCheckpoint, reportCheckpoint, storeCheckpointArchive, streamCheckpointArchive,
} from "../../lib/registry";
import { extractArchive } from "../../lib/archive";
import { admin, makeCheckpoint, uniq } from "../support/factories";
import { rawTar, rawTarGz, trailingZeroBomb, zeroBomb, type RawEntry } from "../support/raw-tar";
import { backend, readStored, storedTraces } from "../support/stored-files";

const small = { maxBytes: 1024 * 1024, maxEntries: 10 };
const newCheckpoint = () => reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });

/** Uploads `body`, expects a refusal, and checks that nothing at all was stored. */
async function expectRefused(body: Buffer | Readable, code: string, message: RegExp, opts = small) {
  const cp = await newCheckpoint();
  const err = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Buffer.isBuffer(body) ? Readable.from([body]) : body, limits: opts }).catch((e) => e);
  expect(err).toBeInstanceOf(RegistryError);
  expect({ code: err.code, message: err.message }).toMatchObject({ code, message: expect.stringMatching(message) });
  const after = await getCheckpoint(cp.uuid);
  expect(after.state).toBe("ACTIVE");
  expect(after.resources).toEqual({});
  expect(await storedTraces(cp.uuid)).toEqual([]);
}

describe("storeCheckpointArchive / streamCheckpointArchive", () => {
  it("stores an uploaded archive, completes the checkpoint, and streams the same bytes back", async () => {
    const weights = crypto.randomBytes(300_000);
    const cp = await newCheckpoint();
    const stored = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([rawTarGz([
      { name: "./", type: "dir" },
      { name: "./model.pt", body: weights },
      { name: "./sub/config.yaml", body: "lr: 0.1\n" },
      { name: "empty/", type: "dir" },
    ])]) });
    expect(stored.state).toBe("COMPLETED");
    expect(stored.resources).toEqual({ "model.pt": 300_000, "sub/config.yaml": 8 });

    const out = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-dl-"));
    await extractArchive(await streamCheckpointArchive(cp.uuid), out, small);
    expect(fs.readFileSync(path.join(out, "model.pt")).equals(weights)).toBe(true);
    expect(fs.readFileSync(path.join(out, "sub/config.yaml"), "utf8")).toBe("lr: 0.1\n");
    fs.rmSync(out, { recursive: true, force: true });
  });

  it("stores a file larger than the write-back interval (and a multipart part) intact and leaves no descriptor open", async () => {
    const openFds = () => fs.readdirSync("/proc/self/fd").length;
    const weights = crypto.randomBytes(70 * 1024 * 1024 + 3);
    const archive = rawTarGz([{ name: "model.bin", body: weights }]);
    const cp = await newCheckpoint();
    const before = openFds();
    const stored = await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([archive]), limits: { maxBytes: 128 * 1024 * 1024, maxEntries: 10 } });
    expect(stored.resources).toEqual({ "model.bin": weights.length });
    expect((await readStored(cp.uuid, "model.bin")).equals(weights)).toBe(true);
    // Files only: the S3 client keeps its connections open for the next request, by design.
    if (backend() === "local") expect(openFds()).toBe(before);
  });

  it("refuses a second upload to a completed checkpoint and an unknown uuid, without reading the body", async () => {
    const done = await makeCheckpoint();
    const body = Readable.from([rawTarGz([{ name: "x", body: "y" }])]);
    const err = await storeCheckpointArchive({ actor: admin, uuid: done.uuid, archive: body }).catch((e) => e);
    expect(err.code).toBe("ALREADY_EXISTS");
    expect(body.destroyed).toBe(true);
    const missing = await storeCheckpointArchive({ actor: admin, uuid: crypto.randomUUID(), archive: Readable.from([Buffer.from("x")]) }).catch((e) => e);
    expect(missing.code).toBe("NOT_FOUND");
    expect((await streamCheckpointArchive(crypto.randomUUID()).catch((e) => e)).code).toBe("NOT_FOUND");
    expect((await streamCheckpointArchive((await newCheckpoint()).uuid).catch((e) => e)).code).toBe("NOT_FOUND");
  });

  const hostile: Array<[string, RawEntry[], RegExp]> = [
    ["a ../ entry", [{ name: "ok.txt", body: "ok" }, { name: "../evil.txt", body: "x" }], /escapes the checkpoint folder/],
    ["a nested ../ entry", [{ name: "a/../../evil.txt", body: "x" }], /escapes the checkpoint folder/],
    ["an absolute path", [{ name: "/etc/evil", body: "x" }], /absolute path/],
    ["a symlink pointing outside", [{ name: "link", type: "symlink", linkname: "/etc/passwd" }], /symbolic link/],
    ["a symlink pointing inside", [{ name: "a.txt", body: "a" }, { name: "link", type: "symlink", linkname: "a.txt" }], /symbolic link/],
    ["a hardlink", [{ name: "a.txt", body: "a" }, { name: "hard", type: "hardlink", linkname: "../../outside" }], /hard link/],
    ["a fifo", [{ name: "pipe", type: "fifo" }], /FIFO entry/],
    ["a device", [{ name: "dev", type: "chardev" }], /CharacterDevice entry/],
    ["a duplicate file", [{ name: "a.txt", body: "1" }, { name: "a.txt", body: "2" }], /appears twice/],
    ["an empty archive", [], /no files/],
  ];
  for (const [what, entries, message] of hostile) {
    it(`refuses ${what} and stores nothing`, async () => {
      await expectRefused(rawTarGz(entries), "INVALID", message);
    });
  }

  it("refuses more entries than the limit", async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, body: "x" }));
    await expectRefused(rawTarGz(entries), "TOO_LARGE", /more than 10 entries/);
  });

  it("refuses a gzip bomb whose file announces more bytes than the limit", async () => {
    const bomb = zeroBomb(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200_000);
    await expectRefused(bomb, "TOO_LARGE", /more than 1048576 bytes/);
  });

  it("refuses a gzip bomb hidden after the end of the tar, counting bytes as they inflate", async () => {
    // A cap large enough that tar's parser, fed the trailing zeros, would buffer them all.
    const bomb = trailingZeroBomb(100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200_000);
    await expectRefused(bomb, "TOO_LARGE", /inflates to more than/, { maxBytes: 64 * 1024 * 1024, maxEntries: 10 });
  });

  it("accepts zero padding after the end-of-archive blocks, as tar writers add", async () => {
    const cp = await newCheckpoint();
    const padded = zlib.gzipSync(Buffer.concat([rawTar([{ name: "a.txt", body: "a" }]), Buffer.alloc(20 * 512)]));
    expect((await storeCheckpointArchive({ actor: admin, uuid: cp.uuid, archive: Readable.from([padded]), limits: small })).resources).toEqual({ "a.txt": 1 });
  });

  it("refuses corrupt gzip, plain data, and a truncated upload", async () => {
    const good = rawTarGz([{ name: "model.pt", body: crypto.randomBytes(50_000) }]);
    const corrupt = Buffer.from(good);
    corrupt.fill(0x55, 100, 400);
    await expectRefused(corrupt, "INVALID", /gzip stream is corrupt|not a valid tar/);
    await expectRefused(rawTar([{ name: "a", body: "b" }]), "INVALID", /not gzip-compressed/);
    await expectRefused(good.subarray(0, good.length / 2), "INVALID", /ended early/);
  });

  it("refuses an upload whose connection drops part-way", async () => {
    const good = rawTarGz([{ name: "model.pt", body: crypto.randomBytes(200_000) }]);
    // Sends part of the archive when first read, then the "connection" ends: with an
    // error, or closed without one (refused too, not waited on forever).
    const partial = (error?: Error) => {
      let sent = false;
      return new Readable({
        read() {
          if (sent) return;
          sent = true;
          this.push(good.subarray(0, 50_000));
          setTimeout(() => this.destroy(error), 20);
        },
      });
    };
    await expectRefused(partial(new Error("aborted")), "INVALID", /interrupted/);
    await expectRefused(partial(), "INVALID", /interrupted/);
    // Gone before the checkpoint was even looked up.
    const gone = new Readable({ read() {} });
    gone.destroy();
    await expectRefused(gone, "INVALID", /interrupted/);
  });
});
