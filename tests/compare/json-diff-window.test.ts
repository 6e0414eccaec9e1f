// The windowed alignment and diff (decision 140) give exactly alignJson's and diffJson's
// rows, in the same order, on random JSON values: nested objects and arrays, keys present
// in some versions only, scalars where others hold containers, empty containers, unicode.
import { describe, expect, it } from "vitest";
import { alignJson, alignJsonWindow, diffJson, diffJsonWindow } from "@/lib/compare/json-diff";

// A small seeded generator, so a failure can be replayed.
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}
const KEYS = ["a", "b", "c", "ключ", "__proto__", "0", "x y"];
function value(r: () => number, depth: number): unknown {
  const p = r();
  if (depth > 3 || p < 0.35) {
    const q = r();
    return q < 0.2 ? null : q < 0.4 ? q > 0.3 : q < 0.7 ? Math.floor(r() * 4) : q < 0.9 ? ["s", "t", "1"][Math.floor(r() * 3)] : r() < 0.5 ? {} : [];
  }
  if (p < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => value(r, depth + 1));
  const o: Record<string, unknown> = {};
  for (const k of KEYS) if (r() < 0.45) Object.defineProperty(o, k, { value: value(r, depth + 1), enumerable: true, writable: true, configurable: true });
  return o;
}
/** Versions that share much of their structure: each a mutation of a base value, sometimes unrelated. */
function versions(r: () => number): unknown[] {
  const base = value(r, 0);
  const n = 2 + Math.floor(r() * 4);
  return Array.from({ length: n }, () => (r() < 0.25 ? value(r, 0) : JSON.parse(JSON.stringify(base, (_k, v) => (typeof v === "number" && r() < 0.3 ? v + 1 : v)))));
}

describe("alignJsonWindow and diffJsonWindow", () => {
  it("equal alignJson and diffJson on 3,000 random version sets, whole and in windows", () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const r = rng(seed);
      const vs = versions(r);
      const rows = alignJson(vs);
      const w = alignJsonWindow(vs, { from: 0, count: Infinity, only: false });
      expect(w.rows, `seed ${seed}`).toEqual(rows);
      expect(w.all).toBe(rows.length);
      const differing = rows.filter((x) => x.differs);
      const o = alignJsonWindow(vs, { from: 0, count: Infinity, only: true });
      expect(o.rows, `seed ${seed} only`).toEqual(differing);
      expect(o.total).toBe(differing.length);
      const from = Math.floor(r() * (rows.length + 1)), count = 1 + Math.floor(r() * 5);
      expect(alignJsonWindow(vs, { from, count, only: false }).rows).toEqual(rows.slice(from, from + count));
      expect(alignJsonWindow(vs, { from, count, only: true }).rows).toEqual(differing.slice(from, from + count));

      const changes = diffJson(vs[0], vs[1]);
      const d = diffJsonWindow(vs[0], vs[1], from, count);
      expect(d.total).toBe(changes.length);
      expect(d.rows, `seed ${seed} diff`).toEqual(changes.slice(from, from + count));
    }
  });

  it("handles scalar roots, empty values and one version", () => {
    for (const vs of [[1, 2], [{}, { a: 1 }], [{ a: 1 }, 5], [[], {}], [{ a: { b: 1 } }, { a: 1 }, { a: { b: 2, c: [] } }], [{ a: 1 }]]) {
      expect(alignJsonWindow(vs, { from: 0, count: Infinity, only: false }).rows).toEqual(alignJson(vs));
    }
  });
});
