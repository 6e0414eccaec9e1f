// The upload's hashing thread (lib/archive/hash-worker.ts): the digest of whatever passes,
// the bytes passed on unchanged, for any size and chunking, and with a wrong size hint.
import crypto from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamHasher } from "../../lib/archive/hash-worker";

async function through(data: Buffer, declared: number, chunk: number) {
  const h = streamHasher(declared);
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += chunk) pieces.push(data.subarray(i, i + chunk));
  const out: Buffer[] = [];
  await new Promise((resolve, reject) => Readable.from(pieces).pipe(h.stream).on("data", (c: Buffer) => out.push(c)).on("end", resolve).on("error", reject));
  return { digest: await h.digest(), passed: Buffer.concat(out) };
}

describe("streamHasher", () => {
  const cases: Array<[number, number, number]> = [
    [0, 0, 1], [1, 1, 1], [5, 5, 2], [1 << 20, 1 << 20, 65_536], [(1 << 20) + 1, (1 << 20) + 1, 77_777],
    [3_000_001, 3_000_001, 262_144], [100, 10, 7], [10, 100, 3], [2_500_000, 0, 100_000],
  ];
  it.each(cases)("%i bytes (header said %i) in %i-byte chunks: SHA-256 of the bytes, passed on unchanged", async (size, declared, chunk) => {
    const data = crypto.randomBytes(size);
    const { digest, passed } = await through(data, declared, chunk);
    expect(digest).toBe(crypto.createHash("sha256").update(data).digest("hex"));
    expect(passed.equals(data)).toBe(true);
  });

  it("many streams at once keep their digests apart", async () => {
    const datas = Array.from({ length: 20 }, (_, i) => crypto.randomBytes(100_000 + i * 50_000));
    const results = await Promise.all(datas.map((d) => through(d, d.length, 60_000)));
    results.forEach((r, i) => expect(r.digest).toBe(crypto.createHash("sha256").update(datas[i]).digest("hex")));
  });
});
