import type { TListCheckpoints, TOrderBy } from "@/lib/schemas";

// The experiment table's sort lives in the URL (?sort=batch&order=desc), so a
// sorted view can be shared and the back button restores it.
const ATTRS = { trial: "trialId", batch: "batchNumber", state: "state", reported: "endTime" } as const;
export type SortKey = keyof typeof ATTRS | `metric:${string}`;
export type SortState = { key: SortKey; order: TOrderBy };

export const DEFAULT_SORT: SortState = { key: "trial", order: "asc" };
const METRIC = "metric:";

type Params = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseSort(params: Params, metricNames: string[]): SortState {
  const key = one(params.sort) ?? DEFAULT_SORT.key;
  const order = one(params.order) === "desc" ? "desc" : "asc";
  if (key in ATTRS) return { key: key as SortKey, order };
  if (key.startsWith(METRIC) && metricNames.includes(key.slice(METRIC.length))) return { key: key as SortKey, order };
  return DEFAULT_SORT;
}

/** The listCheckpoints arguments for a sort: an attribute, or a validation metric's value. */
export function sortQuery(sort: SortState): Pick<TListCheckpoints, "sortBy" | "sortByMetric" | "orderBy"> {
  if (sort.key.startsWith(METRIC)) return { sortByMetric: sort.key.slice(METRIC.length), orderBy: sort.order };
  return { sortBy: ATTRS[sort.key as keyof typeof ATTRS], orderBy: sort.order };
}

export const metricKey = (name: string): SortKey => `${METRIC}${name}`;

/** A URL for this page with some query parameters replaced (undefined removes one). */
export function hrefWith(path: string, params: Params, changes: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    const s = one(v);
    if (s !== undefined && !(k in changes)) q.set(k, s);
  }
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The link a column header points at: the same column flips the order; a new one starts ascending. */
export function sortHref(path: string, params: Params, current: SortState, key: SortKey): string {
  const order = current.key === key && current.order === "asc" ? "desc" : "asc";
  return hrefWith(path, params, { sort: key, order, page: undefined, checkpoint: undefined, registrations: undefined });
}
