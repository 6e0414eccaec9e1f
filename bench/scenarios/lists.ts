// GET /api/v1/models for every sort and order, first and deep page, the filters, and
// a 100,000-version model's versions; each next to the floor of its own SQL.
import { BIG_MODEL } from "../seed";
import { okGet, RouteMissing, requireRoute, timeIt, type Client } from "../http";
import { capture, type Floor } from "../sql-floor";
import { ms, type Result } from "../report";
import type * as Registry from "../../lib/registry";

type Reg = typeof Registry;
const SORTS = {
  SORT_BY_UNSPECIFIED: "id", SORT_BY_NAME: "name", SORT_BY_DESCRIPTION: "description",
  SORT_BY_CREATION_TIME: "creationTime", SORT_BY_LAST_UPDATED_TIME: "lastUpdatedTime",
  SORT_BY_NUM_VERSIONS: "numVersions", SORT_BY_WORKSPACE: "workspace",
} as const;
const ORDERS = { ORDER_BY_ASC: "asc", ORDER_BY_DESC: "desc" } as const;
export const DEEP = 50_000;

type Case = { group: string; name: string; path: string; domain: () => Promise<unknown>; target: { p50: number; ratio?: number } };

function cases(reg: Reg, reader: Awaited<ReturnType<Reg["systemActor"]>>): Case[] {
  const out: Case[] = [];
  for (const [wireSort, sortBy] of Object.entries(SORTS)) {
    for (const [wireOrder, orderBy] of Object.entries(ORDERS)) {
      for (const offset of [0, DEEP]) {
        out.push({
          group: offset ? "models list, deep page" : "models list, first page",
          name: `${wireSort} ${wireOrder}${offset ? ` offset ${offset}` : ""}`,
          path: `/api/v1/models?sortBy=${wireSort}&orderBy=${wireOrder}&offset=${offset}&limit=50`,
          domain: () => reg.listModels({ reader, sortBy, orderBy, offset, limit: 50 }),
          target: offset ? { p50: 30 } : { p50: 15, ratio: 3 },
        });
      }
    }
  }
  const filters: [string, string, Omit<Parameters<Reg["listModels"]>[0], "reader">][] = [
    ["name=mnist", "name=mnist", { name: "mnist" }],
    ["description=mnist", "description=mnist", { description: "mnist" }],
    ["labels=production", "labels=production", { labels: ["production"] }],
  ];
  for (const [name, qs, input] of filters) {
    out.push({
      group: "models list, filter", name, path: `/api/v1/models?${qs}&limit=50`,
      domain: () => reg.listModels({ ...input, reader, limit: 50 }), target: { p50: 20 },
    });
  }
  for (const offset of [0, DEEP]) {
    out.push({
      group: "100k-version model", name: `versions page${offset ? ` offset ${offset}` : ""}`,
      path: `/api/v1/models/${BIG_MODEL}/versions?sortBy=SORT_BY_VERSION&orderBy=ORDER_BY_DESC&offset=${offset}&limit=50`,
      domain: () => reg.listVersions(BIG_MODEL, { sortBy: "version", orderBy: "desc", offset, limit: 50 }),
      target: { p50: 20 },
    });
  }
  return out;
}

export async function measureLists(opts: { client: Client; floor: Floor; reg: Reg; apiReady: boolean; n: number; log: (l: string) => void }): Promise<Result[]> {
  const results: Result[] = [];
  const reader = await opts.reg.systemActor("bench: lists");
  for (const c of cases(opts.reg, reader)) {
    const sql = await opts.floor.time(await capture(c.domain), opts.n);
    const routed = opts.apiReady && await requireRoute(opts.client, "GET", c.path).then(() => true, (e) => {
      if (e instanceof RouteMissing) return false;
      throw e;
    });
    const api = routed ? await timeIt(okGet(opts.client, c.path), opts.n) : null;
    const ratio = api ? api.p50 / sql.p50 : null;
    const pass = api ? api.p50 < c.target.p50 && (c.target.ratio === undefined || ratio! <= c.target.ratio) : null;
    const target = `p50 < ${c.target.p50} ms${c.target.ratio ? `, <= ${c.target.ratio}x SQL` : ""}`;
    const measured = api
      ? `p50 ${ms(api.p50)}, p95 ${ms(api.p95)}; SQL p50 ${ms(sql.p50)} (x${ratio!.toFixed(1)})`
      : `API route not in this build; SQL p50 ${ms(sql.p50)}, p95 ${ms(sql.p95)}`;
    opts.log(`${c.group} | ${c.name}: ${measured}`);
    results.push({ group: c.group, name: c.name, target, measured, pass, data: { path: c.path, api, sql, ratio } });
  }
  return results;
}
