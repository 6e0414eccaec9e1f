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
  const sink: Sink = { n: 0, from: 0, to: Infinity, out: [] };
  walk(before, after, [...path], sink);
  return sink.out;
}

/**
 * diffJson's changes from index `from`, at most `count` of them, and how many there are
 * in all: the walk counts every change but builds only the ones in the window, so a page
 * of a diff with millions of changes costs one walk and `count` objects (decision 140).
 */
export function diffJsonWindow(before: unknown, after: unknown, from: number, count: number): { rows: JsonChange[]; total: number } {
  const sink: Sink = { n: 0, from, to: from + count, out: [] };
  walk(before, after, [], sink);
  return { rows: sink.out, total: sink.n };
}

/** Where a walk puts changes: it counts all (`n`) and keeps those with index in [from, to). */
type Sink = { n: number; from: number; to: number; out: JsonChange[] };
const keeps = (s: Sink) => s.n >= s.from && s.n < s.to;

// `path` is one stack for the whole walk, copied only into a reported change.
function walk(a: unknown, b: unknown, path: JsonPath, out: Sink): void {
  const ta = jsonType(a), tb = jsonType(b);
  if (ta !== tb) {
    if (keeps(out)) out.out.push({ kind: "type", path: path.slice(), before: a, after: b, beforeType: ta, afterType: tb });
    out.n++;
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
    for (let i = n; i < xs.length; i++) {
      if (keeps(out)) out.out.push({ kind: "removed", path: [...path, i], before: xs[i] });
      out.n++;
    }
    for (let i = n; i < ys.length; i++) {
      if (keeps(out)) out.out.push({ kind: "added", path: [...path, i], after: ys[i] });
      out.n++;
    }
    return;
  }
  if (ta === "object") {
    const x = a as Record<string, unknown>, y = b as Record<string, unknown>;
    for (const k of Object.keys(x)) {
      if (own.call(y, k)) {
        path.push(k);
        walk(x[k], y[k], path, out);
        path.pop();
      } else {
        if (keeps(out)) out.out.push({ kind: "removed", path: [...path, k], before: x[k] });
        out.n++;
      }
    }
    for (const k of Object.keys(y)) {
      if (!own.call(x, k)) {
        if (keeps(out)) out.out.push({ kind: "added", path: [...path, k], after: y[k] });
        out.n++;
      }
    }
    return;
  }
  if (!Object.is(normal(a), normal(b))) {
    if (keeps(out)) out.out.push({ kind: "changed", path: path.slice(), before: a, after: b });
    out.n++;
  }
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

// Where a version stands at a path, walking all versions side by side: a leaf there, a
// non-empty container there, a leaf above it (a scalar where others have a container), or
// nothing (its container lacks the key).
const LEAF = 0, CONTAINER = 1, ABOVE = 2, MISSING = 3;
// Cell statuses as small numbers while counting, as words once a row is built.
const STATUS: CellStatus[] = ["same", "changed", "type", "added", "removed", "absent"];
const S_SAME = 0, S_CHANGED = 1, S_TYPE = 2, S_ADDED = 3, S_REMOVED = 4, S_ABSENT = 5;

const nonEmpty = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && typeof v === "object" && Object.keys(v).length > 0);

/**
 * alignJson's rows from index `from` (counting only differing rows when `only`), at most
 * `count` of them, with `total` (rows after `only`) and `all` (every row). The same rows in
 * the same order as alignJson, which the tests check on random values, but the versions
 * are walked side by side instead of flattened into maps: no string key or cell object is
 * made for a row outside the window, so a page of a 10 x 230,000-leaf alignment costs
 * one walk and `count` rows (decision 140).
 */
export function alignJsonWindow(values: unknown[], opts: { from: number; count: number; only: boolean }): { rows: AlignedRow[]; total: number; all: number } {
  const V = values.length;
  const rows: AlignedRow[] = [];
  let total = 0, all = 0;
  const to = opts.from + opts.count;
  const path: JsonPath = [];
  // One buffer per depth: a child's states are built in the next depth's buffer.
  const nodesAt: unknown[][] = [], statesAt: Uint8Array[] = [];
  const buf = (d: number) => {
    if (!nodesAt[d]) { nodesAt[d] = new Array(V); statesAt[d] = new Uint8Array(V); }
  };
  const status = new Uint8Array(V);

  const emit = (nodes: unknown[], states: Uint8Array) => {
    const baseLeaf = states[0] === LEAF;
    const baseValue = nodes[0];
    const baseType = baseLeaf ? jsonType(baseValue) : null;
    let differs = false, anyPresent = false, anyAbsent = false;
    for (let m = 0; m < V; m++) {
      const leaf = states[m] === LEAF;
      if (leaf) anyPresent = true; else anyAbsent = true;
      let st: number;
      if (m === 0) st = leaf ? S_SAME : S_ABSENT;
      else if (!leaf) st = !baseLeaf ? S_ABSENT : states[m] === CONTAINER || states[m] === ABOVE ? S_TYPE : S_REMOVED;
      else if (!baseLeaf) st = states[0] === CONTAINER ? S_TYPE : S_ADDED;
      else {
        const t = jsonType(nodes[m]);
        if (t !== baseType) st = S_TYPE;
        else st = t === "object" || t === "array" || Object.is(normal(nodes[m]), normal(baseValue)) ? S_SAME : S_CHANGED;
      }
      status[m] = st;
      if (m > 0 && st !== S_SAME && st !== S_ABSENT) differs = true;
    }
    if ((baseLeaf && anyAbsent) || (!baseLeaf && anyPresent)) differs = true;
    all++;
    if (opts.only && !differs) return;
    const at = total++;
    if (at < opts.from || at >= to) return;
    const p = path.slice();
    rows.push({
      path: p, key: JSON.stringify(p), differs,
      cells: Array.from({ length: V }, (_, m) => (states[m] === LEAF
        ? { present: true, value: nodes[m], status: STATUS[status[m]] }
        : { present: false, status: STATUS[status[m]] })),
    });
  };

  // The child at `key` of a node in a given state: its value and state, written to (cn, cs)[m].
  const childInto = (cn: unknown[], cs: Uint8Array, m: number, node: unknown, state: number, key: string | number) => {
    cn[m] = undefined;
    if (state === LEAF || state === ABOVE) { cs[m] = ABOVE; return; }
    if (state === MISSING) { cs[m] = MISSING; return; }
    let v: unknown;
    if (Array.isArray(node)) {
      if (typeof key !== "number" || key >= node.length) { cs[m] = MISSING; return; }
      v = node[key];
    } else {
      if (typeof key !== "string" || !own.call(node, key)) { cs[m] = MISSING; return; }
      v = (node as Record<string, unknown>)[key];
    }
    cn[m] = v;
    cs[m] = nonEmpty(v) ? CONTAINER : LEAF;
  };
  const rootState = (v: unknown) => (nonEmpty(v) ? CONTAINER : LEAF);

  // Every version's value and state at the current path, descending from the root (used
  // for the rare leaf the baseline does not have, so the passes need not carry all versions).
  const full = { nodes: new Array<unknown>(V), states: new Uint8Array(V) };
  const along = () => {
    for (let m = 0; m < V; m++) {
      let node = values[m], state = rootState(node);
      for (const key of path) {
        const n1 = [undefined], s1 = new Uint8Array(1);
        childInto(n1, s1, 0, node, state, key);
        node = n1[0];
        state = s1[0];
      }
      full.nodes[m] = node;
      full.states[m] = state;
    }
    return full;
  };

  // Pass 0 walks the baseline's leaves carrying every version (each is a row).
  const visit0 = (d: number) => {
    const nodes = nodesAt[d], states = statesAt[d];
    if (states[0] === LEAF) { emit(nodes, states); return; }
    buf(d + 1);
    const cn = nodesAt[d + 1], cs = statesAt[d + 1];
    const descend = (key: string | number) => {
      for (let m = 0; m < V; m++) childInto(cn, cs, m, nodes[m], states[m], key);
      path.push(key);
      visit0(d + 1);
      path.pop();
    };
    const v = nodes[0];
    if (Array.isArray(v)) for (let k = 0; k < v.length; k++) descend(k);
    else for (const k of Object.keys(v as object)) descend(k);
  };

  // Pass i > 0 walks version i's leaves carrying only the baseline and version i: a leaf the
  // baseline also has was a row of pass 0; otherwise every version is looked up along the
  // path, and the leaf is a row unless an earlier version has it too (its pass made it).
  // So rows come in order of first appearance, as alignJson's do.
  const two = { n: [] as unknown[][], s: [] as Uint8Array[] };
  const visitI = (i: number, d: number) => {
    if (!two.n[d]) { two.n[d] = [undefined, undefined]; two.s[d] = new Uint8Array(2); }
    const nodes = two.n[d], states = two.s[d];
    if (states[1] === LEAF) {
      if (states[0] === LEAF) return;
      const f = along();
      for (let j = 1; j < i; j++) if (f.states[j] === LEAF) return;
      emit(f.nodes, f.states);
      return;
    }
    if (!two.n[d + 1]) { two.n[d + 1] = [undefined, undefined]; two.s[d + 1] = new Uint8Array(2); }
    const cn = two.n[d + 1], cs = two.s[d + 1];
    const descend = (key: string | number) => {
      childInto(cn, cs, 0, nodes[0], states[0], key);
      childInto(cn, cs, 1, nodes[1], states[1], key);
      path.push(key);
      visitI(i, d + 1);
      path.pop();
    };
    const v = nodes[1];
    if (Array.isArray(v)) for (let k = 0; k < v.length; k++) descend(k);
    else for (const k of Object.keys(v as object)) descend(k);
  };

  buf(0);
  for (let m = 0; m < V; m++) {
    nodesAt[0][m] = values[m];
    statesAt[0][m] = rootState(values[m]);
  }
  if (V) visit0(0);
  for (let i = 1; i < V; i++) {
    two.n[0] = [values[0], values[i]];
    two.s[0] = Uint8Array.of(rootState(values[0]), rootState(values[i]));
    visitI(i, 0);
  }
  return { rows, total, all };
}
