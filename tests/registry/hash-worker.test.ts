// The upload's hashing thread (lib/archive/hash-worker.ts): the digest of whatever passes,
// the bytes passed on unchanged, for any size and chunking, and with a wrong size hint.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { fileHasher } from "../../lib/archive/hash-worker";

/** Feeds `data` in pieces as the extractor does: pausing the source whenever the hashing thread is behind. */
async function through(data: Buffer, declared: number, chunk: number) {
  const h = fileHasher(declared);
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) pieces.push(data.subarray(i, i + chunk));
  const source = Readable.from(pieces);
  let pauses = 0;
  await new Promise((resolve, reject) => source.on("data", (c: Buffer) => {
    if (h.update(c)) return;
    pauses++;
    source.pause();
    h.onReady(() => source.resume());
  }).on("end", resolve).on("error", reject));
  return { digest: await h.digest(), pauses };
}

describe("streamHasher", () => {
  const cases: Array<[number, number, number]> = [
    [0, 0, 1], [1, 1, 1], [5, 5, 2], [1 << 20, 1 << 20, 65_536], [(1 << 20) + 1, (1 << 20) + 1, 77_777],
    [3_000_001, 3_000_001, 262_144], [100, 10, 7], [10, 100, 3], [2_500_000, 0, 100_000],
  ];
  it.each(cases)("%i bytes (header said %i) in %i-byte chunks: the SHA-256 of the bytes", async (size, declared, chunk) => {
    const data = crypto.randomBytes(size);
    expect((await through(data, declared, chunk)).digest).toBe(crypto.createHash("sha256").update(data).digest("hex"));
  });

  it("asks its source to wait when the thread is behind, and still hashes every byte", async () => {
    const data = crypto.randomBytes(96 * 1024 * 1024);
    const { digest, pauses } = await through(data, data.length, 4 * 1024 * 1024);
    expect(digest).toBe(crypto.createHash("sha256").update(data).digest("hex"));
    expect(pauses).toBeGreaterThan(0);
  });

  it("many streams at once keep their digests apart", async () => {
    const datas = Array.from({ length: 20 }, (_, i) => crypto.randomBytes(100_000 + i * 50_000));
    const results = await Promise.all(datas.map((d) => through(d, d.length, 60_000)));
    results.forEach((r, i) => expect(r.digest).toBe(crypto.createHash("sha256").update(datas[i]).digest("hex")));
  });
});
