import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { replies } from "../../lib/schemas/api";
import { adminLogin, as, expectError, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
});

async function modelWithVersions(count: number) {
  const name = uniq("versioned model");
  expect((await api.post("/api/v1/models", { name })).status).toBe(200);
  const uuids: string[] = [];
  for (let i = 0; i < count; i++) {
    const uuid = await reportCheckpoint(api, { steps: (i + 1) * 100 });
    const r = await api.post(`/api/v1/models/${encodeURIComponent(name)}/versions`, { checkpointUuid: uuid, name: null, comment: null, labels: null, metadata: null, notes: null });
    if (r.status !== 200) throw new Error(`register failed: ${r.status} ${r.text}`);
    uuids.push(uuid);
  }
  return { name, base: `/api/v1/models/${encodeURIComponent(name)}`, uuids };
}

describe("POST /api/v1/models/{modelName}/versions", () => {
  it("registers a checkpoint as version 1, 2, ... with the whole model and checkpoint inside", async () => {
    const { base, uuids } = await modelWithVersions(1);
    const uuid = await reportCheckpoint(api, { steps: 250 });
    const r = await api.post(`${base}/versions`, { checkpointUuid: uuid, name: "v2", comment: "better", labels: ["prod"], metadata: { k: 1 }, notes: "n" });
    expect(r.status).toBe(200);
    const { modelVersion } = replies.version.parse(r.json);
    expect(modelVersion).toMatchObject({ version: 2, name: "v2", comment: "better", labels: ["prod"], metadata: { k: 1 }, notes: "n", username: "admin" });
    expect(modelVersion.model.numVersions).toBe(2);
    expect(modelVersion.checkpoint.uuid).toBe(uuid);
    expect(modelVersion.checkpoint.metadata.steps_completed).toBe(250);
    expect(uuids).toHaveLength(1);
  });

  it("answers an unknown checkpoint with 404, a malformed uuid with 400, an unknown model with 404", async () => {
    const { base } = await modelWithVersions(0);
    expectError(await api.post(`${base}/versions`, { checkpointUuid: crypto.randomUUID() }), 404, 5, "NotFound");
    expectError(await api.post(`${base}/versions`, { checkpointUuid: "not-a-uuid" }), 400, 3, "InvalidArgument");
    expectError(await api.post(`${base}/versions`, {}), 400, 3, "InvalidArgument");
    const uuid = await reportCheckpoint(api);
    expectError(await api.post(`/api/v1/models/${uniq("nope")}/versions`, { checkpointUuid: uuid }), 404, 5, "NotFound");
  });

  it("refuses new versions of an archived model with 400", async () => {
    const { base } = await modelWithVersions(0);
    await api.post(`${base}/archive`);
    const r = await api.post(`${base}/versions`, { checkpointUuid: await reportCheckpoint(api) });
    expect(r.status).toBe(400);
    expect(r.json.error.error).toContain("archived");
  });
});

describe("GET /api/v1/models/{modelName}/versions", () => {
  it("lists in version order by default (ORDER_BY_UNSPECIFIED = asc), sorts and pages, by name or by id", async () => {
    const { base, name } = await modelWithVersions(3);
    const all = await api.get(`${base}/versions`);
    expect(all.status).toBe(200);
    const body = replies.versions.parse(all.json);
    expect(body.model.name).toBe(name);
    expect(body.modelVersions.map((v) => v.version)).toEqual([1, 2, 3]);
    const desc = replies.versions.parse((await api.get(`${base}/versions?orderBy=ORDER_BY_DESC`)).json);
    expect(desc.modelVersions.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(body.pagination).toEqual({ offset: 0, limit: 0, startIndex: 0, endIndex: 3, total: 3 });
    const asc = replies.versions.parse((await api.get(`/api/v1/models/${body.model.id}/versions?sortBy=SORT_BY_VERSION&orderBy=ORDER_BY_ASC&limit=2`)).json);
    expect(asc.modelVersions.map((v) => v.version)).toEqual([1, 2]);
    expect(asc.pagination).toEqual({ offset: 0, limit: 2, startIndex: 0, endIndex: 2, total: 3 });
    const byTime = replies.versions.parse((await api.get(`${base}/versions?sortBy=SORT_BY_CREATION_TIME&orderBy=ORDER_BY_ASC&offset=-1`)).json);
    expect(byTime.modelVersions.map((v) => v.version)).toEqual([3]);
    expectError(await api.get(`${base}/versions?offset=4`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${base}/versions?sortBy=SORT_BY_NAME`), 400, 3, "InvalidArgument");
  });

  it("returns [] for a model without versions and 404 for an unknown model", async () => {
    const { base } = await modelWithVersions(0);
    const r = replies.versions.parse((await api.get(`${base}/versions`)).json);
    expect(r.modelVersions).toEqual([]);
    expect(r.pagination.total).toBe(0);
    expectError(await api.get(`/api/v1/models/${uniq("nope")}/versions`), 404, 5, "NotFound");
  });
});

describe("/api/v1/models/{modelName}/versions/{n}", () => {
  it("gets, patches (nulls untouched, stale If-Match 409) and deletes a version", async () => {
    const { base, uuids } = await modelWithVersions(2);
    const got = await api.get(`${base}/versions/1`);
    expect(got.status).toBe(200);
    const v1 = replies.version.parse(got.json).modelVersion;
    expect(v1.checkpoint.uuid).toBe(uuids[0]);
    expect(got.headers.get("etag")).toBe(`"${v1.revision}"`);

    const patched = await api.patch(`${base}/versions/1`, { name: "first", comment: null, labels: ["a", "a"], metadata: { m: 1 }, notes: null });
    expect(patched.status).toBe(200);
    expect(replies.version.parse(patched.json).modelVersion).toMatchObject({ name: "first", comment: "", labels: ["a"], metadata: { m: 1 } });
    expectError(await api.patch(`${base}/versions/1`, { name: "x" }, { headers: { "If-Match": `"${v1.revision}"` } }), 409, 10, "Aborted");

    const deleted = await api.del(`${base}/versions/1`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({});
    expectError(await api.get(`${base}/versions/1`), 404, 5, "NotFound");
    expect(replies.version.parse((await api.get(`${base}/versions/2`)).json).modelVersion.model.numVersions).toBe(1);
  });

  it("merges a version's metadata on the server (PATCH .../metadata) and refuses bad merges", async () => {
    const { base } = await modelWithVersions(1);
    await api.patch(`${base}/versions/1`, { metadata: { a: 1, b: 2 } });
    const r = await api.patch(`${base}/versions/1/metadata`, { set: { c: 3 }, remove: ["a"] });
    expect(r.status, r.text).toBe(200);
    const v = replies.version.parse(r.json).modelVersion;
    expect(v.metadata).toEqual({ b: 2, c: 3 });
    expect(r.headers.get("etag")).toBe(`"${v.revision}"`);
    const events = (await api.get(`${base}/versions/1/history`)).json.events;
    expect(events[0].changes).toEqual([{ field: "metadata.a", before: 1 }, { field: "metadata.c", after: 3 }]);
    expectError(await api.patch(`${base}/versions/1/metadata`, { set: [1] }), 400, 3, "InvalidArgument");
    expectError(await api.patch(`${base}/versions/1/metadata`, { remove: [true] }), 400, 3, "InvalidArgument");
    expectError(await api.patch(`${base}/versions/9/metadata`, { set: { a: 1 } }), 404, 5, "NotFound");
    expect(replies.version.parse((await api.get(`${base}/versions/1`)).json).modelVersion).toMatchObject({ metadata: { b: 2, c: 3 }, revision: v.revision });
  });

  it("answers a version that is not a positive number with 400 and a missing one with 404", async () => {
    const { base } = await modelWithVersions(1);
    expectError(await api.get(`${base}/versions/abc`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${base}/versions/0`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${base}/versions/7`), 404, 5, "NotFound");
    expectError(await api.del(`${base}/versions/7`), 404, 5, "NotFound");
  });
});
