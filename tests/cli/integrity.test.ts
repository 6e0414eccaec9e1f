// mreg and checkpoint integrity (docs/decisions/070-073): downloads are checked file by
// file against the recorded SHA-256 and leave nothing behind on a mismatch; `verify`
// checks a folder a user already has; `describe` shows the digests.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, inject } from "vitest";
import { mreg, ok, tmpDir } from "./run-mreg";

const uniq = (p: string) => `${p}-${crypto.randomBytes(4).toString("hex")}`;
const sha256 = (b: Buffer | string) => crypto.createHash("sha256").update(b).digest("hex");

function folder(): string {
  const dir = tmpDir("ickpt");
  fs.mkdirSync(path.join(dir, "sub"));
  fs.writeFileSync(path.join(dir, "model.bin"), crypto.randomBytes(512 * 1024 + 1));
  fs.writeFileSync(path.join(dir, "sub/config.json"), '{"lr": 0.1}');
  return dir;
}

async function upload(dir: string): Promise<string> {
  return (await ok(["checkpoint", "upload", dir, "--experiment", uniq("exp")])).stdout.trim();
}

const stored = (uuid: string, file: string) => path.join(inject("serverStorageDir"), uuid, file);

describe("mreg checkpoint download verifies every file", () => {
  it("downloads and verifies an intact checkpoint; describe shows the digests", async () => {
    const dir = folder();
    const uuid = await upload(dir);
    const cp = (await ok(["checkpoint", "describe", uuid, "--json"])).json();
    expect(cp.files).toEqual([
      { path: "model.bin", size: String(512 * 1024 + 1), sha256: sha256(fs.readFileSync(path.join(dir, "model.bin"))) },
      { path: "sub/config.json", size: "11", sha256: sha256('{"lr": 0.1}') },
    ]);
    expect(cp.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const text = (await ok(["checkpoint", "describe", uuid])).stdout;
    expect(text).toContain(`Manifest:  ${cp.manifestDigest}`);
    expect(text).toContain(sha256('{"lr": 0.1}'));

    const out = path.join(tmpDir("idl"), "ok");
    const r = await ok(["checkpoint", "download", uuid, "--output", out, "--json"]);
    expect(r.json()).toMatchObject({ uuid, files: 2, manifestDigest: cp.manifestDigest, verified: true });
    expect(fs.readFileSync(path.join(out, "model.bin")).equals(fs.readFileSync(path.join(dir, "model.bin")))).toBe(true);
  });

  it("fails loudly when one byte of one stored file was flipped, every time, and leaves nothing in the target's folder", async () => {
    const dir = folder();
    const uuid = await upload(dir);
    const original = fs.readFileSync(path.join(dir, "model.bin"));
    const parent = tmpDir("ibad");
    for (const at of [0, 12345, original.length - 1]) {
      const flipped = Buffer.from(original);
      flipped[at] ^= 0x01;
      fs.writeFileSync(stored(uuid, "model.bin"), flipped);
      const out = path.join(parent, `try-${at}`);
      const r = await mreg(["checkpoint", "download", uuid, "--output", out]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`error: Checkpoint ${uuid} failed verification: 1 file differs? from the registered digests \\(model\\.bin: changed\\)\\. Nothing was written`));
      // Not the target, not the temporary sibling: nothing at all.
      expect(fs.readdirSync(parent)).toEqual([]);
    }
    fs.writeFileSync(stored(uuid, "model.bin"), original);
    expect((await ok(["checkpoint", "download", uuid, "--output", path.join(parent, "fine")])).stdout).toContain("every file matches sha256:");
  });

  it("mreg checkpoint verify lists missing, extra and changed files in a folder", async () => {
    const dir = folder();
    const uuid = await upload(dir);
    expect((await ok(["checkpoint", "verify", uuid, dir])).stdout).toContain(`OK: all 2 files in ${dir} match checkpoint ${uuid}`);

    fs.appendFileSync(path.join(dir, "sub/config.json"), " ");
    fs.rmSync(path.join(dir, "model.bin"));
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
    const r = await mreg(["checkpoint", "verify", uuid, dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/model\.bin\s+missing/);
    expect(r.stdout).toMatch(/notes\.txt\s+extra/);
    expect(r.stdout).toMatch(/sub\/config\.json\s+changed/);
    expect(r.stderr).toMatch(/error: 3 of the checkpoint's files differ/);
    const j = await mreg(["checkpoint", "verify", uuid, dir, "--json"]);
    expect(j.code).toBe(1);
    expect(j.json()).toMatchObject({ uuid, ok: false, problems: [
      { path: "model.bin", problem: "missing" }, { path: "notes.txt", problem: "extra" }, { path: "sub/config.json", problem: "changed" },
    ] });
  });
});
