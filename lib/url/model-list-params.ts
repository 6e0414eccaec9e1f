// The model list's view state, held in the URL so a view can be shared and the back
// button works. Pure: used by the server page and by the client filter controls.
export const LIST_SORTS = ["name", "description", "creationTime", "lastUpdatedTime", "numVersions"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
export const PAGE_SIZES = [10, 25, 50, 100] as const;

export type ModelListParams = {
  sort: ListSort;
  order: "asc" | "desc";
  name: string;
  description: string;
  label: string;
  /** Only models that have this alias (issue 12). */
  alias: string;
  /** Only models in this workspace, by name (issue 16). */
  workspace: string;
  archived: boolean;
  page: number;
  size: number;
};

export const DEFAULTS: ModelListParams = {
  sort: "lastUpdatedTime", order: "desc", name: "", description: "", label: "", alias: "", workspace: "", archived: false, page: 1, size: 25,
};

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Unknown or malformed values fall back to defaults rather than erroring: URLs get hand-edited. */
export function parseListParams(sp: SP): ModelListParams {
  const sort = one(sp.sort) as ListSort;
  const order = one(sp.order);
  const page = Number(one(sp.page));
  const size = Number(one(sp.size));
  return {
    sort: LIST_SORTS.includes(sort) ? sort : DEFAULTS.sort,
    order: order === "asc" || order === "desc" ? order : DEFAULTS.order,
    name: one(sp.name),
    description: one(sp.description),
    label: one(sp.label),
    alias: one(sp.alias),
    workspace: one(sp.workspace),
    archived: one(sp.archived) === "1",
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULTS.size,
  };
}

/** A query string holding only what differs from the defaults, so links stay short. */
export function listHref(params: ModelListParams, patch: Partial<ModelListParams> = {}): string {
  const p = { ...params, ...patch };
  const q = new URLSearchParams();
  if (p.sort !== DEFAULTS.sort || p.order !== DEFAULTS.order) { q.set("sort", p.sort); q.set("order", p.order); }
  if (p.name) q.set("name", p.name);
  if (p.description) q.set("description", p.description);
  if (p.label) q.set("label", p.label);
  if (p.alias) q.set("alias", p.alias);
  if (p.workspace) q.set("workspace", p.workspace);
  if (p.archived) q.set("archived", "1");
  if (p.size !== DEFAULTS.size) q.set("size", String(p.size));
  if (p.page > 1) q.set("page", String(p.page));
  const s = q.toString();
  return s ? `/?${s}` : "/";
}

/** Clicking the sorted column flips the order; another column starts ascending (times: newest first). */
export function sortHref(params: ModelListParams, column: ListSort): string {
  const order = params.sort === column
    ? (params.order === "asc" ? "desc" : "asc")
    : column === "creationTime" || column === "lastUpdatedTime" || column === "numVersions" ? "desc" : "asc";
  return listHref(params, { sort: column, order, page: 1 });
}

export const hasFilters = (p: ModelListParams) => Boolean(p.name || p.description || p.label || p.alias || p.workspace);
