// The wire types are the server's own (lib/schemas/api), imported as types only, so
// the bundle gains no runtime code from them and cannot drift from the server.
import type { TApiModelSort, TApiOrderBy, TWireModel } from "../../lib/schemas/api";
import type { ApiClient } from "./client";

export type { TWireCheckpoint, TWireModel, TWireVersion, TWireWorkspace } from "../../lib/schemas/api";

/** mreg's option values -> the API's enum names (checked against the API's own type). */
export const SORTS = {
  name: "SORT_BY_NAME", description: "SORT_BY_DESCRIPTION", creation_time: "SORT_BY_CREATION_TIME",
  last_updated_time: "SORT_BY_LAST_UPDATED_TIME", num_versions: "SORT_BY_NUM_VERSIONS",
} as const satisfies Record<string, TApiModelSort>;
export const ORDERS = { asc: "ORDER_BY_ASC", desc: "ORDER_BY_DESC" } as const satisfies Record<string, TApiOrderBy>;
export const collect = (v: string, prev: string[] = []) => [...prev, v];

/** A model path segment: the URL-encoded name (an all-digit argument addresses the id). */
export const modelPath = (name: string) => `api/v1/models/${encodeURIComponent(name)}`;

export const getModel = async (client: ApiClient, name: string) => (await client.json<{ model: TWireModel }>("GET", modelPath(name))).model;

/** Pages through a list endpoint until the server says it is done. */
export async function fetchAll<T>(client: ApiClient, path: string, key: string, query: Record<string, string | string[] | boolean | undefined>) {
  const out: T[] = [];
  for (;;) {
    const page = await client.json<Record<string, unknown> & { pagination?: { endIndex: number; total: number } }>("GET", path, {
      query: { ...query, offset: String(out.length), limit: "500" },
    });
    const items = (page[key] ?? []) as T[];
    out.push(...items);
    if (!items.length || !page.pagination || page.pagination.endIndex >= page.pagination.total) return { items: out, page };
  }
}

