// Files of more than 10,000 parts (S3's limit; about 49 GiB at 5 MiB parts) get larger
// parts (decision 170). Sending such a file is too slow for a test; the sizing is not.
import { describe, expect, it } from "vitest";
import { MAX_PARTS, partSizeFor } from "../../lib/registry/storage/multipart-writer";
import { PART_SIZE } from "../../lib/registry/storage/part-budget";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const parts = (size: number) => Math.ceil(size / partSizeFor(size, PART_SIZE));

describe("multipart part size", () => {
  it("is the budget's 5 MiB up to 10,000 parts, and the least whole MiB that fits 10,000 parts beyond", () => {
    expect(PART_SIZE).toBe(5 * MiB);
    for (const size of [0, 1, 5 * MiB, 1 * GiB, MAX_PARTS * 5 * MiB]) expect(partSizeFor(size, PART_SIZE)).toBe(5 * MiB);
    expect(partSizeFor(MAX_PARTS * 5 * MiB + 1, PART_SIZE)).toBe(6 * MiB);
    expect(partSizeFor(78 * GiB, PART_SIZE)).toBe(8 * MiB); // where lib-storage's fixed 8 MiB stopped
    expect(partSizeFor(79 * GiB, PART_SIZE)).toBe(9 * MiB);
  });

  it("keeps every size up to S3's largest object (5 TiB) within 10,000 parts of at most 5 GiB", () => {
    for (const size of [49 * GiB, 50 * GiB, 100 * GiB + 12345, 1024 * GiB, 5 * 1024 * GiB]) {
      expect(parts(size)).toBeLessThanOrEqual(MAX_PARTS);
      expect(partSizeFor(size, PART_SIZE)).toBeLessThanOrEqual(5 * GiB);
      // No larger than it must be: one MiB less would need more than 10,000 parts.
      const smaller = partSizeFor(size, PART_SIZE) - MiB;
      if (smaller >= PART_SIZE) expect(Math.ceil(size / smaller)).toBeGreaterThan(MAX_PARTS);
    }
  });
});
