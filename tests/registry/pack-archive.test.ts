import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { extractArchive, listArchiveFiles, packArchive } from "../../lib/archive";
import { chooseDeflateLevel, COMPRESS, STORE } from "../../lib/archive/deflate-level";
import { tableCrc32 } from "../../lib/archive/gzip-writer";

const limits = { maxBytes: 64 * 1024 * 1024, maxEntries: 100 };
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-pack-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const json = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ layer: i, name: `block.${i}.attn`, shape: [4096, 4096] })));
const longName = `${"deep/".repeat(30)}weights-é.bin`; // > 100 bytes and non-ASCII: needs a pax header

/** A checkpoint folder with every kind of content the packer treats differently. */
function mixedCheckpoint(): { dir: string; files: Record<string, Buffer> } {
  const dir = fs.mkdtempSync(path.join(scratch, "src-"));
  const header = Buffer.from(json(200));
  const files: Record<string, Buffer> = {
    "model.bin": crypto.randomBytes(3 * 1024 * 1024 + 123), // weights: incompressible
    "trainer_state.json": Buffer.from(json(40_000)), // large and compressible
    "config.json": Buffer.from('{"arch":"llama","layers":32}'),
    // safetensors-like: a compressible JSON header in front of random weights
    "model.safetensors": Buffer.concat([header, crypto.randomBytes(2 * 1024 * 1024)]),
    "empty.txt": Buffer.alloc(0),
    [longName]: crypto.randomBytes(700),
  };
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), body);
  }
  return { dir, files };
}

async function pack(dir: string): Promise<Buffer> {
  return Buffer.concat(await packArchive(dir, await listArchiveFiles(dir)).toArray());
}

function expectSameFiles(dir: string, files: Record<string, Buffer>) {
  for (const [name, body] of Object.entries(files)) expect(fs.readFileSync(path.join(dir, name)).equals(body), name).toBe(true);
}

describe("packArchive", () => {
  const { dir, files } = mixedCheckpoint();
  let archive: Buffer;

  it("stores incompressible files and compresses compressible ones, in one valid gzip member", async () => {
    archive = await pack(dir);
    const total = Object.values(files).reduce((a, b) => a + b.length, 0);
    const incompressible = files["model.bin"].length + files["model.safetensors"].length;
    // Weights are stored: their bytes appear verbatim (in stored blocks of up to 65535 bytes each).
    expect(archive.includes(files["model.bin"].subarray(0, 60_000))).toBe(true);
    expect(archive.includes(files["model.safetensors"].subarray(0, 60_000))).toBe(true);
    // ...while the JSON shrinks to a fraction: the whole archive is barely more than the weights.
    expect(archive.includes(files["trainer_state.json"].subarray(2_000_000, 2_000_200))).toBe(false);
    expect(archive.length).toBeLessThan(incompressible + files["trainer_state.json"].length / 5);
    expect(archive.length).toBeLessThan(total);
    // One member, correct CRC and length: zlib checks both trailers.
    const tar = zlib.gunzipSync(archive);
    expect(tar.length % 512).toBe(0);
  });

  it("round-trips every file byte-exact through our extractor", async () => {
    const out = fs.mkdtempSync(path.join(scratch, "ours-"));
    const result = await extractArchive(fs.createReadStream(await writeArchive(archive)), out, limits);
    expect(result.files).toBe(Object.keys(files).length);
    expectSameFiles(out, files);
  });

  it("extracts with standard tar (tar xzf)", async () => {
    const out = fs.mkdtempSync(path.join(scratch, "gnu-"));
    const res = spawnSync("tar", ["xzf", await writeArchive(archive), "-C", out], { encoding: "utf8" });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expectSameFiles(out, files);
  });

  // Determined's SDK is Python: this runs wherever the tests run (Debian ships python3).
  it("reads with Python's tarfile in stream mode, as Determined's SDK does", async () => {
    expect(spawnSync("python3", ["--version"]).status, "python3 is needed for this test (apt-get install python3)").toBe(0);
    const script = "import sys,tarfile,json\nwith tarfile.open(sys.argv[1], 'r|gz') as t:\n  print(json.dumps({m.name: m.size for m in t if m.isfile()}))";
    const res = spawnSync("python3", ["-c", script, await writeArchive(archive)], { encoding: "utf8" });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual(Object.fromEntries(Object.entries(files).map(([n, b]) => [n, b.length])));
  });

  it("archives hard-linked files with their content (the extractor refuses link entries)", async () => {
    const linked = fs.mkdtempSync(path.join(scratch, "links-"));
    const body = crypto.randomBytes(10_000);
    fs.writeFileSync(path.join(linked, "a.bin"), body);
    fs.linkSync(path.join(linked, "a.bin"), path.join(linked, "b.bin"));
    const out = fs.mkdtempSync(path.join(scratch, "links-out-"));
    await extractArchive(fs.createReadStream(await writeArchive(await pack(linked))), out, limits);
    expectSameFiles(out, { "a.bin": body, "b.bin": body });
  });

  it("closes its open file when the reader goes away mid-stream", async () => {
    const stream = packArchive(dir, ["model.bin"]);
    await new Promise((resolve) => stream.once("data", resolve));
    stream.destroy();
    await new Promise((resolve) => stream.once("close", resolve));
    expect(stream.destroyed).toBe(true);
  });
});

describe("chooseDeflateLevel", () => {
  const levelOf = async (body: Buffer) => {
    const file = path.join(scratch, crypto.randomUUID());
    fs.writeFileSync(file, body);
    const handle = await fs.promises.open(file, "r");
    try {
      return await chooseDeflateLevel(handle, body.length);
    } finally {
      await handle.close();
    }
  };

  it("stores random data, even behind a compressible header, and compresses text, zeros and small files", async () => {
    expect(await levelOf(crypto.randomBytes(4 * 1024 * 1024))).toBe(STORE);
    expect(await levelOf(Buffer.concat([Buffer.from(json(300)), crypto.randomBytes(4 * 1024 * 1024)]))).toBe(STORE);
    expect(await levelOf(Buffer.from(json(50_000)))).toBe(COMPRESS);
    expect(await levelOf(Buffer.alloc(4 * 1024 * 1024))).toBe(COMPRESS);
    expect(await levelOf(crypto.randomBytes(100_000))).toBe(COMPRESS);
  });
});

describe("tableCrc32 (the fallback for Node before 20.15)", () => {
  it("matches zlib's CRC-32, also when continued across chunks", () => {
    const data = crypto.randomBytes(100_000);
    expect(tableCrc32(data)).toBe(zlib.crc32(data));
    expect(tableCrc32(data.subarray(60_000), tableCrc32(data.subarray(0, 60_000)))).toBe(zlib.crc32(data));
    expect(tableCrc32(Buffer.alloc(0))).toBe(0);
  });
});

async function writeArchive(bytes: Buffer): Promise<string> {
  const file = path.join(scratch, `${crypto.randomUUID()}.tar.gz`);
  await fs.promises.writeFile(file, bytes);
  return file;
}
