// Structural JSON diff: what changed between two JSON values, path by path, not line by
// line. Pure (no server, no React), so the server's compare, the REST reply and the CLI
// share it, and unit tests pin every case (tests/compare/json-diff.test.ts).

/** A key of an object or an index of an array, from the root down. */
export type JsonPath = (string | number)[];
export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";
export type JsonChange =
  | { kind: "added"; path: JsonPath; after: unknown }
  | { kind: "removed"; path: JsonPath; before: unknown }
  | { kind: "changed"; path: JsonPath; before: unknown; after: unknown }
  /** The value's JSON type changed (object -> array, "1" -> 1): reported at that path, not below it. */
  | { kind: "type"; path: JsonPath; before: unknown; after: unknown; beforeType: JsonType; afterType: JsonType };

export function jsonType(v: unknown): JsonType {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "array";
  const t = typeof v;
  return t === "object" ? "object" : t === "boolean" ? "boolean" : t === "number" || t === "bigint" ? "number" : "string";
}

const own = Object.prototype.hasOwnProperty;

/**
 * Every difference from `before` to `after`. Objects are compared key by key (any key,
 * unicode included, `__proto__` as plain data) and arrays index by index, so an element
 * inserted at the front shows as changes along the array and one added at its end: JSON
 * arrays carry no identity to match elements by. Unchanged paths are not listed.
 */
export function diffJson(before: unknown, after: unknown, path: JsonPath = []): JsonChange[] {
  const out: JsonChange[] = [];
  walk(before, after, [...path], out);
  return out;
}

// `path` is one stack for the whole walk, copied only into a reported change.
function walk(a: unknown, b: unknown, path: JsonPath, out: JsonChange[]): void {
  const ta = jsonType(a), tb = jsonType(b);
  if (ta !== tb) {
    out.push({ kind: "type", path: path.slice(), before: a, after: b, beforeType: ta, afterType: tb });
    return;
  }
  if (ta === "array") {
    const xs = a as unknown[], ys = b as unknown[];
    const n = Math.min(xs.length, ys.length);
    for (let i = 0; i < n; i++) {
      path.push(i);
      walk(xs[i], ys[i], path, out);
      path.pop();
    }
    for (let i = n; i < xs.length; i++) out.push({ kind: "removed", path: [...path, i], before: xs[i] });
    for (let i = n; i < ys.length; i++) out.push({ kind: "added", path: [...path, i], after: ys[i] });
    return;
  }
  if (ta === "object") {
    const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
    for (const k of Object.keys(x)) {
      if (own.call(y, k)) {
        path.push(k);
        walk(x[k], y[k], path, out);
        path.pop();
      } else out.push({ kind: "removed", path: [...path, k], before: x[k] });
    }
    for (const k of Object.keys(y)) if (!own.call(x, k)) out.push({ kind: "added", path: [...path, k], after: y[k] });
    return;
  }
  if (!Object.is(normal(a), normal(b))) out.push({ kind: "changed", path: path.slice(), before: a, after: b });
}

// -0 and 0 are the same JSON number; undefined reads as null (a JSON hole).
const normal = (v: unknown) => (v === undefined ? null : v === 0 ? 0 : v);

/** Deep equality of two JSON values (no cycles: JSON has none). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return diffJson(a, b).length === 0;
}

/**
 * A path as people read it: `a.b[2]["key with spaces"]`. Keys that are identifiers
 * (unicode letters included) are dotted; others are quoted as JSON strings.
 */
export function formatPath(path: JsonPath): string {
  if (!path.length) return "(whole value)";
  let s = "";
  for (const p of path) {
    if (typeof p === "number") s += `[${p}]`;
    else if (/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

/** One leaf of a JSON value: a scalar, or an empty object or array. */
export type JsonLeaf = { path: JsonPath; value: unknown };

/** The leaves of a value, depth first, in key order. */
export function jsonLeaves(v: unknown, path: JsonPath = [], out: JsonLeaf[] = []): JsonLeaf[] {
  const t = jsonType(v);
  if (t === "array" && (v as unknown[]).length) (v as unknown[]).forEach((x, i) => jsonLeaves(x, [...path, i], out));
  else if (t === "object" && Object.keys(v as object).length) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) jsonLeaves(x, [...path, k], out);
  } else out.push({ path, value: v });
  return out;
}

/** How one version's value at a path stands against the first version's. */
export type CellStatus = "same" | "changed" | "type" | "added" | "removed" | "absent";
export type AlignedCell = { present: boolean; value?: unknown; status: CellStatus };
export type AlignedRow = { path: JsonPath; key: string; cells: AlignedCell[]; differs: boolean };

const pathKey = (p: JsonPath) => JSON.stringify(p);

/**
 * Visits the leaves of a value depth first, in key order, with each leaf's pathKey built
 * as it descends (the same string as JSON.stringify(path), without a path array and a
 * stringify per leaf) and the path as a shared stack the visitor copies only if it keeps
 * it. With `containers`, the key of every non-empty container is reported there too.
 * Compare walks thousands of leaves per version, so this is its hot loop.
 */
function eachLeaf(v: unknown, visit: (key: string, value: unknown, path: JsonPath) => void, containers?: Set<string>, prefix = "[", path: JsonPath = []): void {
  const t = jsonType(v);
  const sep = prefix.length === 1 ? "" : ",";
  if (t === "array" && (v as unknown[]).length) {
    containers?.add(prefix + "]");
    const xs = v as unknown[];
    for (let i = 0; i < xs.length; i++) {
      path.push(i);
      eachLeaf(xs[i], visit, containers, prefix + sep + i, path);
      path.pop();
    }
  } else if (t === "object" && Object.keys(v as object).length) {
    containers?.add(prefix + "]");
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      path.push(k);
      eachLeaf(x, visit, containers, prefix + sep + JSON.stringify(k), path);
      path.pop();
    }
  } else visit(prefix + "]", v, path);
}

/**
 * Lines several JSON values up side by side: one row per leaf path any of them has, one
 * cell per value, each marked against the first value (the baseline). A path where one
 * value holds a scalar and the baseline a container (or the reverse) is a type change,
 * not an unrelated addition. Rows keep the order of first appearance.
 */
export function alignJson(values: unknown[]): AlignedRow[] {
  const order = new Map<string, JsonPath>();
  const maps = values.map((v) => {
    const m = new Map<string, unknown>();
    eachLeaf(v, (k, value, path) => {
      m.set(k, value);
      if (!order.has(k)) order.set(k, path.slice());
    });
    return m;
  });
  // Paths where a value holds a container rather than a leaf: only needed where a leaf
  // is missing, so built on first use.
  const containers: (Set<string> | undefined)[] = [];
  const containersOf = (i: number) => {
    if (!containers[i]) eachLeaf(values[i], () => {}, (containers[i] = new Set<string>()));
    return containers[i];
  };
  const baseLeaves = maps[0] ?? new Map<string, unknown>();
  const rows: AlignedRow[] = [];
  for (const [k, path] of order) {
    const base = baseLeaves.has(k);
    const baseValue = baseLeaves.get(k);
    const baseType = base ? jsonType(baseValue) : null;
    const cells = maps.map((m, i): AlignedCell => {
      const leaf = m.has(k);
      const value = m.get(k);
      if (i === 0) return leaf ? { present: true, value, status: "same" } : { present: false, status: "absent" };
      if (!leaf) {
        if (!base) return { present: false, status: "absent" };
        // A container where the baseline has a value, or a value above where the baseline has one.
        const typeChanged = containersOf(i).has(k) || path.some((_, j) => m.has(pathKey(path.slice(0, j))));
        return { present: false, status: typeChanged ? "type" : "removed" };
      }
      if (!base) return { present: true, value, status: containersOf(0).has(k) ? "type" : "added" };
      const t = jsonType(value);
      if (t !== baseType) return { present: true, value, status: "type" };
      // Leaves are scalars or empty containers: equal when the same scalar or both empty.
      const same = t === "object" || t === "array" || Object.is(normal(value), normal(baseValue));
      return { present: true, value, status: same ? "same" : "changed" };
    });
    const differs = cells.some((c, i) => i > 0 && c.status !== "same" && c.status !== "absent")
      || (cells[0].present && cells.some((c) => !c.present)) || (!cells[0].present && cells.some((c) => c.present));
    rows.push({ path, key: k, cells, differs });
  }
  return rows;
}
