// Issue 12 over HTTP: the alias endpoints, resolving by alias, ?at=, compare-and-set
// under 32 concurrent clients, and refusals that change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { replies, ZWireError } from "../../lib/schemas/api";
import { adminLogin, as, call, expectError, login, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
});
// `determined` is an editor of the default workspace (the test server gives it an empty password).
const asEditor = async (method: string, path: string, body?: unknown) => call(method, path, { token: await login("determined", ""), body });

async function modelWithVersions(count: number) {
  const name = uniq("aliased");
  expect((await api.post("/api/v1/models", { name })).status).toBe(200);
  const base = `/api/v1/models/${encodeURIComponent(name)}`;
  for (let i = 0; i < count; i++) {
    const r = await api.post(`${base}/versions`, { checkpointUuid: await reportCheckpoint(api, { steps: (i + 1) * 100 }) });
    if (r.status !== 200) throw new Error(`register failed: ${r.status} ${r.text}`);
  }
  return { name, base };
}

/** Everything an alias refusal must leave as it was: the model's aliases and its whole history. */
async function state(base: string) {
  const [aliases, history] = await Promise.all([api.get(`${base}/aliases`), api.get(`${base}/history?limit=0`)]);
  return { aliases: aliases.json, history: history.json };
}

describe("PUT, GET and DELETE /api/v1/models/{name}/aliases/{alias}", () => {
  let token = "";
  beforeAll(async () => { token = await adminLogin(); });
  const send = (method: string, path: string, body?: unknown) => call(method, path, { token, body });

  it("sets, moves, reads and removes an alias; versions and models carry their aliases", async () => {
    const { base, name } = await modelWithVersions(3);
    const set = await send("PUT", `${base}/aliases/staging`, { version: 2, expectedVersion: null, reason: "looks good" });
    expect(set.status).toBe(200);
    expect(replies.aliasChange.parse(set.json)).toMatchObject({ changed: true, previousVersion: null, alias: { alias: "staging", version: 2, setBy: "admin", reason: "looks good", protected: false } });

    const one = replies.alias.parse((await api.get(`${base}/aliases/staging`)).json);
    expect(one).toMatchObject({ alias: { version: 2 }, modelVersion: { version: 2, aliases: ["staging"] }, at: null });
    const viaVersionPath = replies.version.parse((await api.get(`${base}/versions/@staging`)).json);
    expect(viaVersionPath.modelVersion).toMatchObject({ version: 2, aliases: ["staging"], model: { name, aliases: { staging: 2 } } });
    expect(replies.version.parse((await api.get(`${base}/versions/%40latest`)).json).modelVersion.version).toBe(3);
    expect(replies.version.parse((await api.get(`${base}/versions/2`)).json).modelVersion.aliases).toEqual(["staging"]);
    expect(replies.alias.parse((await api.get(`${base}/aliases/latest`)).json).alias).toMatchObject({ alias: "latest", version: 3 });

    const moved = await send("PUT", `${base}/aliases/staging`, { version: 3, expectedVersion: 2 });
    expect(replies.aliasChange.parse(moved.json)).toMatchObject({ previousVersion: 2, alias: { version: 3 } });
    const list = replies.aliases.parse((await api.get(`${base}/aliases`)).json);
    expect(list.aliases.map((a) => [a.alias, a.version])).toEqual([["staging", 3]]);
    expect(list.protectedAliases).toEqual(["production"]);
    expect(replies.model.parse((await api.get(base)).json).model.aliases).toEqual({ staging: 3 });
    const versions = replies.versions.parse((await api.get(`${base}/versions`)).json);
    expect(versions.modelVersions.map((v) => [v.version, v.aliases])).toEqual([[1, []], [2, []], [3, ["staging"]]]);

    const removed = await send("DELETE", `${base}/aliases/staging`, { expectedVersion: 3, reason: "done" });
    expect(replies.aliasChange.parse(removed.json)).toMatchObject({ previousVersion: 3, alias: { version: null, reason: "done" } });
    expectError(await api.get(`${base}/aliases/staging`), 404, 5, "NotFound");
    expectError(await api.get(`${base}/versions/@staging`), 404, 5, "NotFound");
    expect((await send("DELETE", `${base}/aliases/staging`)).status).toBe(404);

    const history = (await api.get(`${base}/history`)).json.events.filter((e: { objectType: string }) => e.objectType === "ALIAS");
    expect(history.map((e: { action: string; summary: string }) => [e.action, e.summary])).toEqual([
      ["REMOVE", 'admin removed alias `staging` (it named version 3): "done"'],
      ["MOVE", "admin moved alias `staging` from version 2 to version 3"],
      ["SET", 'admin set alias `staging` to version 2: "looks good"'],
    ]);
  });

  it("a stale expectedVersion is a 409 carrying the current target, and changes nothing", async () => {
    const { base } = await modelWithVersions(3);
    await send("PUT", `${base}/aliases/canary`, { version: 1, reason: "first" });
    const before = await state(base);
    const r = await send("PUT", `${base}/aliases/canary`, { version: 3, expectedVersion: 2 });
    expectError(r, 409, 10, "Aborted");
    const body = ZWireError.parse(r.json);
    expect(body.error.currentTarget).toMatchObject({ alias: "canary", version: 1, setBy: "admin", reason: "first" });
    // null, kept as null (not dropped as Determined's unset fields are): "it names nothing".
    expectError(await send("PUT", `${base}/aliases/canary`, { version: 3, expectedVersion: null }), 409, 10, "Aborted");
    expectError(await send("DELETE", `${base}/aliases/canary`, { expectedVersion: 2 }), 409, 10, "Aborted");
    expect(await state(base)).toEqual(before);
  });

  it("32 clients move `production` expecting the same version: one 200, 31 conflicts naming the winner, one move in history", async () => {
    const { base } = await modelWithVersions(3);
    await send("PUT", `${base}/aliases/production`, { version: 1, reason: "launch" });
    const results = await Promise.all(Array.from({ length: 32 }, (_, i) =>
      send("PUT", `${base}/aliases/production`, { version: 2 + (i % 2), expectedVersion: 1, reason: `client ${i}` })));
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect([winners.length, losers.length]).toEqual([1, 31]);
    const won = replies.aliasChange.parse(winners[0].json).alias;
    for (const l of losers) expect(ZWireError.parse(l.json).error.currentTarget).toEqual(won);
    const moves = (await api.get(`${base}/history`)).json.events.filter((e: { objectType: string; action: string }) => e.objectType === "ALIAS" && e.action === "MOVE");
    expect(moves).toHaveLength(1);
    expect(moves[0].changes[1]).toEqual({ field: "reason", after: won.reason });
  });

  it("refuses bad input with a clear 4xx and changes nothing", async () => {
    const { base } = await modelWithVersions(2);
    await send("PUT", `${base}/aliases/staging`, { version: 1 });
    const before = await state(base);
    const bad = await send("PUT", `${base}/aliases/Not%20Valid`, { version: 1 });
    expectError(bad, 400, 3, "InvalidArgument");
    expect(bad.json.error.error).toContain("lowercase letters, digits");
    expectError(await send("PUT", `${base}/aliases/123`, { version: 1 }), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `${base}/aliases/latest`, { version: 1 }), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `${base}/aliases/staging`, { version: 9 }), 404, 5, "NotFound");
    expectError(await send("PUT", `${base}/aliases/staging`, {}), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `${base}/aliases/staging`, { version: "two" }), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `${base}/aliases/staging`, { version: 2, expectedVersion: "1" }), 400, 3, "InvalidArgument");
    expectError(await call("PUT", `${base}/aliases/staging`, { token, raw: "{not json" }), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `/api/v1/models/${uniq("missing")}/aliases/staging`, { version: 1 }), 404, 5, "NotFound");
    expectError(await send("DELETE", `${base}/aliases/never-set`), 404, 5, "NotFound");
    expectError(await api.get(`${base}/aliases/never-set`), 404, 5, "NotFound");
    expectError(await api.get(`${base}/aliases/BAD`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${base}/versions/@nothing`), 404, 5, "NotFound");
    for (const at of ["yesterday", "2026-02-30T00:00:00Z", "2026-03-14T09:00:00", new Date(Date.now() + 3_600_000).toISOString()]) {
      expectError(await api.get(`${base}/aliases/staging?at=${encodeURIComponent(at)}`), 400, 3, "InvalidArgument");
      expectError(await api.get(`${base}?at=${encodeURIComponent(at)}`), 400, 3, "InvalidArgument");
    }
    // An editor may not touch a protected alias; an admin must say why.
    const e = await asEditor("PUT", `${base}/aliases/production`, { version: 1, reason: "me" });
    expectError(e, 403, 7, "PermissionDenied");
    expectError(await send("PUT", `${base}/aliases/production`, { version: 1 }), 400, 3, "InvalidArgument");
    expectError(await send("PUT", `${base}/aliases/production/protection`, { protected: "yes" }), 400, 3, "InvalidArgument");
    expect(await state(base)).toEqual(before);

    await api.post(`${base}/archive`);
    const archived = await state(base);
    const r = await send("PUT", `${base}/aliases/staging`, { version: 2 });
    expectError(r, 400, 9, "FailedPrecondition");
    expect(r.json.error.error).toContain("archived");
    expect(await state(base)).toEqual(archived);
  });

  it("protected aliases: a version holding one cannot be deregistered (409 naming it) until it moves", async () => {
    const { base } = await modelWithVersions(2);
    expect((await send("PUT", `${base}/aliases/production`, { version: 1, reason: "release 1" })).status).toBe(200);
    const before = await state(base);
    const del = await api.del(`${base}/versions/1`);
    expectError(del, 409, 10, "Aborted");
    expect(del.json.error.error).toContain('"production"');
    expect(await state(base)).toEqual(before);
    // Unprotect it on this model (admins), then an editor may move it.
    const p = await send("PUT", `${base}/aliases/production/protection`, { protected: false, reason: "sandbox model" });
    expect(replies.aliasProtection.parse(p.json).alias).toMatchObject({ protected: false, protectionSetting: false });
    expect((await asEditor("PUT", `${base}/aliases/production`, { version: 2, expectedVersion: 1 })).status).toBe(200);
    expect((await api.del(`${base}/versions/1`)).status).toBe(200);
    // A non-protected alias goes with its version, recorded.
    expect((await api.del(`${base}/versions/2`)).status).toBe(200);
    expectError(await api.get(`${base}/aliases/production`), 404, 5, "NotFound");
  });
});

describe("?at=: as it was", () => {
  it("answers what an alias named and what the model was at an instant", async () => {
    const { base, name } = await modelWithVersions(2);
    await api.patch(base, { description: "before" });
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const token = await adminLogin();
    const set = replies.aliasChange.parse((await call("PUT", `${base}/aliases/staging`, { token, body: { version: 1, reason: "r1" } })).json);
    await api.patch(base, { description: "after", labels: ["x"] });
    await call("PUT", `${base}/aliases/staging`, { token, body: { version: 2 } });

    expectError(await api.get(`${base}/aliases/staging?at=${encodeURIComponent(t0)}`), 404, 5, "NotFound");
    const then = replies.alias.parse((await api.get(`${base}/aliases/staging?at=${encodeURIComponent(set.alias.setAt)}`)).json);
    expect(then).toMatchObject({ alias: { version: 1, reason: "r1", setAt: set.alias.setAt }, modelVersion: { version: 1 }, at: set.alias.setAt });
    const model = replies.modelAt.parse((await api.get(`${base}?at=${encodeURIComponent(set.alias.setAt)}`)).json);
    expect(model.model).toMatchObject({ name, description: "before", labels: [], aliases: { staging: 1 }, numVersions: 2 });
    expect(model.aliases).toMatchObject([{ alias: "staging", version: 1, setBy: "admin" }]);
    const atZero = replies.aliases.parse((await api.get(`${base}/aliases?at=${encodeURIComponent(t0)}`)).json);
    expect(atZero.aliases).toEqual([]);
    // Without ?at= nothing changes for Determined's clients (and the reply has its ETag).
    const now = await api.get(base);
    expect(replies.model.parse(now.json).model).toMatchObject({ description: "after", aliases: { staging: 2 } });
    expect(now.headers.get("etag")).toMatch(/^"\d+"$/);
  });
});

describe("GET /api/v1/models?alias=", () => {
  it("lists only the models that have the alias; a malformed alias is a 400", async () => {
    const a = await modelWithVersions(1);
    const b = await modelWithVersions(1);
    const alias = `champion-${uniq("x").slice(2)}`;
    const token = await adminLogin();
    await call("PUT", `${a.base}/aliases/${alias}`, { token, body: { version: 1 } });
    const r = replies.models.parse((await api.get(`/api/v1/models?alias=${alias}`)).json);
    expect(r.models.map((m) => m.name)).toEqual([a.name]);
    expect(r.models[0].aliases).toEqual({ [alias]: 1 });
    expect(r.pagination.total).toBe(1);
    expect(b.name).not.toBe(a.name);
    expectError(await api.get("/api/v1/models?alias=NOPE!"), 400, 3, "InvalidArgument");
  });
});
