import { describe, expect, it } from "vitest";
import { minMaxDownsample, type SeriesPoint } from "@/lib/compare/downsample";
import { checkpointFileEntries, diffFiles } from "@/lib/compare/files-diff";
import { diffText } from "@/lib/compare/notes-diff";

describe("diffFiles", () => {
  it("marks files added, removed and changed against the first checkpoint, by size", () => {
    const rows = diffFiles([
      [{ path: "model.pt", size: 100 }, { path: "config.yaml", size: 10 }, { path: "old.bin", size: 5 }],
      [{ path: "model.pt", size: 120 }, { path: "config.yaml", size: 10 }, { path: "new.bin", size: 7 }],
    ]);
    expect(rows.map((r) => [r.path, r.cells.map((c) => c.status).join(","), r.differs, r.comparedBy])).toEqual([
      ["config.yaml", "same,same", false, "size"],
      ["model.pt", "same,changed", true, "size"],
      ["new.bin", "absent,added", true, "size"],
      ["old.bin", "same,removed", true, "size"],
    ]);
  });

  it("uses SHA-256 digests when every copy has one: a same-size rewrite is a change", () => {
    const rows = diffFiles([
      [{ path: "w.bin", size: 8, sha256: "aa" }, { path: "x", size: 1, sha256: "cc" }],
      [{ path: "w.bin", size: 8, sha256: "bb" }, { path: "x", size: 1, sha256: "CC" }],
    ]);
    expect(rows.map((r) => [r.path, r.cells[1].status, r.comparedBy])).toEqual([["w.bin", "changed", "sha256"], ["x", "same", "sha256"]]);
    expect(diffFiles([[{ path: "w", size: 8, sha256: "aa" }], [{ path: "w", size: 8 }]])[0]).toMatchObject({ comparedBy: "size", differs: false });
  });

  it("reads files from resources (sizes as numbers or text) and digests when a checkpoint carries them", () => {
    expect(checkpointFileEntries({ resources: { "a": 3, "b": "120" } })).toEqual([{ path: "a", size: 3, sha256: null }, { path: "b", size: 120, sha256: null }]);
    expect(checkpointFileEntries({ resources: { a: 3 }, files: [{ path: "a", size: 3, sha256: "ff" }] })).toEqual([{ path: "a", size: 3, sha256: "ff" }]);
    expect(checkpointFileEntries({ resources: { a: { size: 3, sha256: "ee" } } })).toEqual([{ path: "a", size: 3, sha256: "ee" }]);
  });
});

describe("minMaxDownsample", () => {
  const series = (n: number, f: (i: number) => number): SeriesPoint[] => Array.from({ length: n }, (_, i) => ({ version: i + 1, time: i, value: f(i) }));

  it("returns a series that fits unchanged", () => {
    const s = series(50, (i) => i);
    expect(minMaxDownsample(s, 100)).toBe(s);
  });

  it("keeps at most 2 x buckets + 2 points, the global min and max, first and last, and every bucket's extremes", () => {
    const s = series(100_000, (i) => Math.sin(i / 50) + ((i * 7919) % 101) / 1000);
    s[31_337].value = -50; // a single dip
    s[77_001].value = 80; // a single spike
    const out = minMaxDownsample(s, 1000);
    expect(out.length).toBeLessThanOrEqual(2002);
    expect(out.length).toBeGreaterThan(1500);
    expect(out.map((p) => p.version)).toContain(31_338);
    expect(out.map((p) => p.version)).toContain(77_002);
    expect(out[0].version).toBe(1);
    expect(out.at(-1)!.version).toBe(100_000);
    // In version order, no duplicates.
    expect(out.every((p, i) => i === 0 || p.version > out[i - 1].version)).toBe(true);
    // Every bucket's own min and max are kept.
    for (const b of [0, 123, 999]) {
      const bucket = s.filter((_, i) => Math.floor((i * 1000) / s.length) === b);
      const min = Math.min(...bucket.map((p) => p.value)), max = Math.max(...bucket.map((p) => p.value));
      expect(out.some((p) => p.value === min && bucket.includes(p))).toBe(true);
      expect(out.some((p) => p.value === max && bucket.includes(p))).toBe(true);
    }
  });
});

describe("diffText", () => {
  it("diffs lines, and words inside a single replaced line", () => {
    const parts = diffText("# Notes\nTrained on v1 data.\nSame line.\n", "# Notes\nTrained on v2 data.\nSame line.\nNew line.\n");
    expect(parts.filter((p) => p.kind !== "same")).toEqual([
      { kind: "removed", text: "v1" }, { kind: "added", text: "v2" }, { kind: "added", text: "New line.\n" },
    ]);
    expect(parts.map((p) => (p.kind === "added" ? "" : p.text)).join("")).toBe("# Notes\nTrained on v1 data.\nSame line.\n");
  });
});
