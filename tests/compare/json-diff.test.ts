import { describe, expect, it } from "vitest";
import { alignJson, diffJson, formatPath, jsonEqual, jsonLeaves } from "@/lib/compare/json-diff";

describe("diffJson", () => {
  it("reports nothing for equal values, whatever the key order", () => {
    expect(diffJson({ a: 1, b: { c: [1, 2, { d: null }] } }, { b: { c: [1, 2, { d: null }] }, a: 1 })).toEqual([]);
    expect(jsonEqual(0, -0)).toBe(true);
  });

  it("reports added, removed and changed keys at their nested paths", () => {
    expect(diffJson(
      { lr: 0.01, opt: { name: "adam", betas: { b1: 0.9 } }, old: true },
      { lr: 0.02, opt: { name: "adam", betas: { b1: 0.9, b2: 0.999 } }, fresh: "x" },
    )).toEqual([
      { kind: "changed", path: ["lr"], before: 0.01, after: 0.02 },
      { kind: "added", path: ["opt", "betas", "b2"], after: 0.999 },
      { kind: "removed", path: ["old"], before: true },
      { kind: "added", path: ["fresh"], after: "x" },
    ]);
  });

  it("compares arrays index by index: changed elements, a longer array adds, a shorter one removes", () => {
    expect(diffJson({ layers: [64, 128, 256] }, { layers: [64, 96] })).toEqual([
      { kind: "changed", path: ["layers", 1], before: 128, after: 96 },
      { kind: "removed", path: ["layers", 2], before: 256 },
    ]);
    expect(diffJson([{ k: 1 }], [{ k: 1 }, { k: 2 }])).toEqual([{ kind: "added", path: [1], after: { k: 2 } }]);
    expect(diffJson([[1, [2, 3]]], [[1, [2, 4]]])).toEqual([{ kind: "changed", path: [0, 1, 1], before: 3, after: 4 }]);
  });

  it("reports a type change at the path where it happens and does not descend", () => {
    expect(diffJson({ a: { x: 1 } }, { a: [1] })).toEqual([
      { kind: "type", path: ["a"], before: { x: 1 }, after: [1], beforeType: "object", afterType: "array" },
    ]);
    expect(diffJson({ n: "1" }, { n: 1 })).toEqual([{ kind: "type", path: ["n"], before: "1", after: 1, beforeType: "string", afterType: "number" }]);
    expect(diffJson({ n: null }, { n: false })[0]).toMatchObject({ kind: "type", beforeType: "null", afterType: "boolean" });
    expect(diffJson(1, "one")).toEqual([{ kind: "type", path: [], before: 1, after: "one", beforeType: "number", afterType: "string" }]);
  });

  it("handles unicode keys, keys that look like paths, and __proto__ as plain data", () => {
    const a = JSON.parse('{"données": {"taux": 1}, "a.b": 1, "🚀": "go", "__proto__": {"x": 1}, "": 0}');
    const b = JSON.parse('{"données": {"taux": 2}, "a.b": 1, "🚀": "stop", "__proto__": {"x": 2}, "": 0}');
    expect(diffJson(a, b)).toEqual([
      { kind: "changed", path: ["données", "taux"], before: 1, after: 2 },
      { kind: "changed", path: ["🚀"], before: "go", after: "stop" },
      { kind: "changed", path: ["__proto__", "x"], before: 1, after: 2 },
    ]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("treats a key set to null and a missing key as different", () => {
    expect(diffJson({ a: null }, {})).toEqual([{ kind: "removed", path: ["a"], before: null }]);
  });
});

describe("formatPath", () => {
  it("dots identifiers (unicode letters too) and quotes everything else", () => {
    expect(formatPath(["opt", "betas", 0])).toBe("opt.betas[0]");
    expect(formatPath(["données", "taux"])).toBe("données.taux");
    expect(formatPath(["a.b", "with space", "🚀"])).toBe('["a.b"]["with space"]["🚀"]');
    expect(formatPath([])).toBe("(whole value)");
  });
});

describe("jsonLeaves", () => {
  it("lists scalars and empty containers", () => {
    expect(jsonLeaves({ a: [], b: {}, c: [1, { d: 2 }] })).toEqual([
      { path: ["a"], value: [] }, { path: ["b"], value: {} }, { path: ["c", 0], value: 1 }, { path: ["c", 1, "d"], value: 2 },
    ]);
  });
});

describe("alignJson", () => {
  const statuses = (rows: ReturnType<typeof alignJson>) => Object.fromEntries(rows.map((r) => [formatPath(r.path), r.cells.map((c) => c.status).join(",")]));

  it("lines N values up against the first and flags rows that differ", () => {
    const rows = alignJson([{ lr: 1, bs: 32, opt: { m: 0.9 } }, { lr: 2, bs: 32, opt: { m: 0.9 }, extra: 1 }, { lr: 1, bs: 32 }]);
    expect(statuses(rows)).toEqual({ lr: "same,changed,same", bs: "same,same,same", "opt.m": "same,same,removed", extra: "absent,added,absent" });
    expect(rows.filter((r) => r.differs).map((r) => formatPath(r.path))).toEqual(["lr", "opt.m", "extra"]);
  });

  it("marks a container turned scalar (and back) as a type change, not an unrelated add", () => {
    const rows = alignJson([{ a: { x: 1 } }, { a: 5 }, { a: { x: 1 } }]);
    expect(statuses(rows)).toEqual({ "a.x": "same,type,same", a: "absent,type,absent" });
    expect(statuses(alignJson([{ a: "1" }, { a: 1 }]))).toEqual({ a: "same,type" });
    expect(statuses(alignJson([{ a: 1 }, { a: [1] }]))).toEqual({ a: "same,type", "a[0]": "absent,added" });
  });

  it("keeps unicode keys apart from look-alike dotted keys", () => {
    const rows = alignJson([{ "a.b": 1, a: { b: 2 }, "ключ": 1 }, { "a.b": 1, a: { b: 3 }, "ключ": 2 }]);
    expect(statuses(rows)).toEqual({ '["a.b"]': "same,same", "a.b": "same,changed", "ключ": "same,changed" });
  });
});
