import { beforeAll, describe, expect, it } from "vitest";
import { replies } from "../../lib/schemas/api";
import { adminLogin, as, call, expectError, uniq } from "./client";

let api: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
});

const create = async (fields: Record<string, unknown> = {}) => {
  const r = await api.post("/api/v1/models", { name: uniq("model"), ...fields });
  if (r.status !== 200) throw new Error(`create failed: ${r.status} ${r.text}`);
  return replies.model.parse(r.json).model;
};
const path = (name: string) => `/api/v1/models/${encodeURIComponent(name)}`;

describe("POST /api/v1/models", () => {
  it("creates a model from a body with no Content-Type and explicit nulls, every field present", async () => {
    const name = uniq("mnist cnn");
    const r = await api.post("/api/v1/models", {
      name, description: null, metadata: null, labels: null, notes: null, workspaceName: null, workspaceId: null,
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("application/json");
    const { model } = replies.model.parse(r.json);
    expect(model).toMatchObject({
      name, description: "", metadata: {}, labels: [], notes: "", numVersions: 0, archived: false, username: "admin",
    });
    expect(new Date(model.creationTime).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("keeps description, metadata, labels (de-duplicated, commas allowed) and notes", async () => {
    const model = await create({ description: "Digits", metadata: { dataset: "s3://mnist", nested: { a: null } }, labels: ["vision", "a,b", "vision"], notes: "# Notes" });
    expect(model).toMatchObject({ description: "Digits", metadata: { dataset: "s3://mnist", nested: { a: null } }, labels: ["vision", "a,b"], notes: "# Notes" });
  });

  it("refuses a duplicate name with 409 AlreadyExists", async () => {
    const { name } = await create();
    const r = await api.post("/api/v1/models", { name });
    expectError(r, 409, 6, "AlreadyExists");
    expect(r.json.error.error).toContain(name);
  });

  it.each([["", "required"], ["12345", "digits"], ["a/b", "'/'"], [" padded", "spaces"], [42, "string"]])(
    "refuses the name %j with 400", async (name, message) => {
      const r = await api.post("/api/v1/models", { name });
      expectError(r, 400, 3, "InvalidArgument");
      expect(r.json.error.error).toContain(message);
    },
  );

  it("refuses bad metadata, labels and an unknown workspace", async () => {
    expectError(await api.post("/api/v1/models", { name: uniq(), metadata: [1] }), 400, 3, "InvalidArgument");
    expectError(await api.post("/api/v1/models", { name: uniq(), labels: "a" }), 400, 3, "InvalidArgument");
    expectError(await api.post("/api/v1/models", { name: uniq(), workspaceName: uniq("nowhere") }), 404, 5, "NotFound");
    expectError(await api.post("/api/v1/models", { name: uniq(), workspaceId: 999999 }), 404, 5, "NotFound");
  });

  it("answers malformed and oversized bodies with 400 and 413", async () => {
    expectError(await api.post("/api/v1/models", undefined, { raw: '{"name": "x",' }), 400, 3, "InvalidArgument");
    const big = await api.post("/api/v1/models", { name: uniq(), notes: "x".repeat(300 * 1024) });
    expectError(big, 413, 8, "ResourceExhausted");
    expect(big.json.error.error).toContain("bytes");
  });
});

describe("GET/PATCH/DELETE /api/v1/models/{modelName}", () => {
  it("reads a model by URL-encoded name and by numeric id, with its revision as ETag", async () => {
    const model = await create({ name: uniq("ünïcode name, with spaces") });
    for (const p of [path(model.name), `/api/v1/models/${model.id}`]) {
      const r = await api.get(p);
      expect(r.status).toBe(200);
      expect(replies.model.parse(r.json).model.id).toBe(model.id);
      expect(r.headers.get("etag")).toBe(`"${model.revision}"`);
    }
  });

  it("serves names with URL-special characters (%, ?, #, +, &) by their encoded path", async () => {
    for (const special of ["50%off", "what?", "tag#1", "a+b", "x&y=z", "%41"]) {
      const model = await create({ name: uniq(special) });
      const r = await api.get(path(model.name));
      expect(r.status, model.name).toBe(200);
      expect(r.json.model.name).toBe(model.name);
    }
  });

  it("answers an unknown name or id with 404", async () => {
    expectError(await api.get(path(uniq("missing"))), 404, 5, "NotFound");
    expectError(await api.get("/api/v1/models/99999999"), 404, 5, "NotFound");
    expectError(await api.get("/api/v1/models/99999999999999999999"), 404, 5, "NotFound");
  });

  it("patches with the body itself: metadata replaces the whole object, nulls leave fields alone", async () => {
    const model = await create({ description: "before", metadata: { a: 1, b: 2 }, labels: ["x"] });
    const r = await api.patch(path(model.name), { description: null, metadata: { b: 3, c: 4 }, labels: null, notes: "new notes" });
    expect(r.status).toBe(200);
    const after = replies.model.parse(r.json).model;
    expect(after).toMatchObject({ description: "before", metadata: { b: 3, c: 4 }, labels: ["x"], notes: "new notes" });
    expect(after.metadata).not.toHaveProperty("a");
    expect(after.revision).toBeGreaterThan(model.revision);
  });

  it("renames a model, then serves it under the new name only", async () => {
    const model = await create();
    const name = uniq("renamed");
    expect((await api.patch(`/api/v1/models/${model.id}`, { name })).status).toBe(200);
    expect((await api.get(path(name))).json.model.id).toBe(model.id);
    expectError(await api.get(path(model.name)), 404, 5, "NotFound");
  });

  it("refuses a stale If-Match (or revision field) with 409 and accepts the current one", async () => {
    const model = await create();
    const first = await api.patch(path(model.name), { description: "one" }, { headers: { "If-Match": `"${model.revision}"` } });
    expect(first.status).toBe(200);
    const stale = await api.patch(path(model.name), { description: "two" }, { headers: { "If-Match": `"${model.revision}"` } });
    expectError(stale, 409, 10, "Aborted");
    expectError(await api.patch(path(model.name), { description: "two", revision: model.revision }), 409, 10, "Aborted");
    const current = first.headers.get("etag")!;
    const ok = await api.patch(path(model.name), { description: "two" }, { headers: { "If-Match": current } });
    expect(ok.status).toBe(200);
    expect((await api.get(path(model.name))).json.model.description).toBe("two");
    expectError(await api.patch(path(model.name), {}, { headers: { "If-Match": "banana" } }), 400, 3, "InvalidArgument");
  });

  it("archives (edits refused with 400) and unarchives, each replying {}", async () => {
    const model = await create();
    const archived = await api.post(`${path(model.name)}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.json).toEqual({});
    expect((await api.get(path(model.name))).json.model.archived).toBe(true);
    const edit = await api.patch(path(model.name), { description: "no" });
    expect(edit.status).toBe(400);
    expect(edit.json.error.error).toContain("archived");
    const back = await api.post(`/api/v1/models/${model.id}/unarchive`, null);
    expect(back.status).toBe(200);
    expect(back.json).toEqual({});
    expect((await api.patch(path(model.name), { description: "yes" })).status).toBe(200);
  });

  it("deletes a model, replying {}; then 404", async () => {
    const model = await create();
    const r = await api.del(path(model.name));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    expectError(await api.get(`/api/v1/models/${model.id}`), 404, 5, "NotFound");
    expectError(await api.del(path(model.name)), 404, 5, "NotFound");
  });
});

describe("PATCH /api/v1/models/{modelName}/metadata", () => {
  it("sets and removes keys on the server; history records each key changed", async () => {
    const model = await create({ metadata: { keep: 1, old: "x", nested: { a: 1 } } });
    const r = await api.patch(`${path(model.name)}/metadata`, { set: { added: true, nested: { b: 2 } }, remove: ["old", "absent"] });
    expect(r.status, r.text).toBe(200);
    const after = replies.model.parse(r.json).model;
    expect(after.metadata).toEqual({ keep: 1, added: true, nested: { b: 2 } });
    expect(r.headers.get("etag")).toBe(`"${after.revision}"`);
    expect(after.revision).toBe(model.revision + 1);
    const history = (await api.get(`${path(model.name)}/history`)).json.events;
    expect(history[0].changes).toEqual([
      { field: "metadata.added", after: true },
      { field: "metadata.nested", before: { a: 1 }, after: { b: 2 } },
      { field: "metadata.old", before: "x" },
    ]);
    // A merge that changes nothing is not an edit: no new revision, no history event.
    const same = await api.patch(`${path(model.name)}/metadata`, { set: { keep: 1 }, remove: ["absent"] });
    expect(replies.model.parse(same.json).model.revision).toBe(after.revision);
    expect((await api.get(`${path(model.name)}/history`)).json.events).toHaveLength(history.length);
  });

  it("refuses bad merges with 4xx and changes nothing", async () => {
    const big = "x".repeat(150 * 1024);
    const model = await create({ metadata: { blob: big, keep: true } });
    const cases: [unknown, number][] = [
      [{ set: ["a"] }, 400], [{ set: "a" }, 400], [{ remove: [1] }, 400], [{ remove: "keep" }, 400], [{}, 400],
      [{ add: { a: 1 } }, 400], [{ set: { keep: false }, remove: ["keep"] }, 400], [[1], 400],
      [{ set: { blob2: big } }, 400], // each part fits; the merged object is over MREG_MAX_METADATA_BYTES
    ];
    for (const [body, status] of cases) {
      const r = await api.patch(`${path(model.name)}/metadata`, body);
      expect([JSON.stringify(body).slice(0, 40), r.status], r.text).toEqual([JSON.stringify(body).slice(0, 40), status]);
      expect(r.json.error.error.length).toBeGreaterThan(0);
    }
    expectError(await api.patch(`${path(uniq("missing"))}/metadata`, { set: { a: 1 } }), 404, 5, "NotFound");
    const now = replies.model.parse((await api.get(path(model.name))).json).model;
    expect(now.metadata).toEqual({ blob: big, keep: true });
    expect(now.revision).toBe(model.revision);
    expect((await api.get(`${path(model.name)}/history`)).json.events).toHaveLength(1);
  });
});

describe("GET /api/v1/models", () => {
  const tag = uniq("sortset");
  const names = ["c-model", "a-model", "b-model"].map((n) => `${tag}-${n}`);
  beforeAll(async () => {
    await create({ name: names[0], description: `${tag} zeta`, labels: [tag, "red"] });
    await create({ name: names[1], description: `${tag} alpha`, labels: [tag] });
    await create({ name: names[2], description: `${tag} MIDDLE`, labels: ["blue"] });
    await api.post(`${path(names[2])}/archive`);
  });
  const list = async (query: string) => {
    const r = await api.get(`/api/v1/models?${query}`);
    if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
    return replies.models.parse(r.json);
  };

  it("filters by name substring, case-insensitively, with every sort and order by name", async () => {
    const byName = await list(`name=${tag.toUpperCase()}&sortBy=SORT_BY_NAME&orderBy=ORDER_BY_DESC`);
    expect(byName.models.map((m) => m.name)).toEqual([...names].sort().reverse());
    expect(byName.pagination).toEqual({ offset: 0, limit: 0, startIndex: 0, endIndex: 3, total: 3 });
    const byDesc = await list(`name=${tag}&sortBy=SORT_BY_DESCRIPTION&orderBy=ORDER_BY_ASC`);
    expect(byDesc.models.map((m) => m.description)).toEqual([`${tag} MIDDLE`, `${tag} alpha`, `${tag} zeta`]);
    const byCreation = await list(`name=${tag}&sortBy=SORT_BY_CREATION_TIME`);
    expect(byCreation.models.map((m) => m.name)).toEqual(names);
    const byId = await list(`name=${tag}&sortBy=SORT_BY_UNSPECIFIED&orderBy=ORDER_BY_UNSPECIFIED`);
    expect(byId.models.map((m) => m.name)).toEqual(names);
    for (const sortBy of ["SORT_BY_LAST_UPDATED_TIME", "SORT_BY_NUM_VERSIONS", "SORT_BY_WORKSPACE"]) {
      expect((await list(`name=${tag}&sortBy=${sortBy}`)).models).toHaveLength(3);
    }
  });

  it("filters by description, repeated labels (any), archived and id", async () => {
    expect((await list(`description=${tag}%20alpha`)).models.map((m) => m.name)).toEqual([names[1]]);
    expect((await list(`labels=${tag}&labels=blue&sortBy=SORT_BY_NAME`)).models.map((m) => m.name)).toEqual([names[1], names[2], names[0]]);
    expect((await list(`labels=red`)).models.map((m) => m.name)).toContain(names[0]);
    expect((await list(`name=${tag}&archived=true`)).models.map((m) => m.name)).toEqual([names[2]]);
    expect((await list(`name=${tag}&archived=false`)).models).toHaveLength(2);
    const one = (await list(`name=${tag}`)).models[0];
    expect((await list(`id=${one.id}`)).models.map((m) => m.id)).toEqual([one.id]);
    expect((await list(`name=${tag}&users=admin`)).models).toHaveLength(3);
    expect((await list(`name=${tag}&users=determined`)).models).toHaveLength(0);
  });

  it("pages: limit, offset, negative offset from the end, limit 0 = all, offset == total", async () => {
    const page = await list(`name=${tag}&sortBy=SORT_BY_NAME&limit=2&offset=1`);
    expect(page.models.map((m) => m.name)).toEqual([...names].sort().slice(1, 3));
    expect(page.pagination).toEqual({ offset: 1, limit: 2, startIndex: 1, endIndex: 3, total: 3 });
    const fromEnd = await list(`name=${tag}&sortBy=SORT_BY_NAME&offset=-1`);
    expect(fromEnd.models.map((m) => m.name)).toEqual([[...names].sort()[2]]);
    expect(fromEnd.pagination).toMatchObject({ offset: -1, startIndex: 2, endIndex: 3, total: 3 });
    expect((await list(`name=${tag}&limit=0`)).models).toHaveLength(3);
    expect((await list(`name=${tag}&limit=100000`)).models).toHaveLength(3);
    const atEnd = await list(`name=${tag}&offset=3`);
    expect(atEnd.models).toEqual([]);
    expect(atEnd.pagination).toMatchObject({ startIndex: 3, endIndex: 3, total: 3 });
  });

  it("answers an offset outside 0..total and bad parameters with 400", async () => {
    for (const q of ["offset=4", "offset=-4", "limit=-1", "offset=abc", "sortBy=SORT_BY_COLOR", "orderBy=up", "archived=maybe"]) {
      expectError(await api.get(`/api/v1/models?name=${tag}&${q}`), 400, 3, "InvalidArgument");
    }
  });

  it("returns [] and a zero pagination for no match", async () => {
    const r = await list(`name=${uniq("nothing")}`);
    expect(r).toEqual({ models: [], pagination: { offset: 0, limit: 0, startIndex: 0, endIndex: 0, total: 0 } });
  });
});

describe("GET /api/v1/model/labels", () => {
  it("lists labels by use count, then name", async () => {
    const common = uniq("common");
    const rare = uniq("rare");
    await create({ labels: [common, rare] });
    await create({ labels: [common] });
    const r = await api.get("/api/v1/model/labels");
    expect(r.status).toBe(200);
    const { labels } = replies.labels.parse(r.json);
    expect(labels.indexOf(common)).toBeGreaterThanOrEqual(0);
    expect(labels.indexOf(common)).toBeLessThan(labels.indexOf(rare));
  });
});

describe("roles over HTTP", () => {
  it("lets `determined` create a model and delete its own, but not someone else's (403 with the rule)", async () => {
    const det = as((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: "", isHashed: true } })).json.token);
    const r = await det.post("/api/v1/models", { name: uniq("by-determined") });
    expect(r.status).toBe(200);
    expect(r.json.model.username).toBe("determined");
    const others = await create();
    const refused = await det.del(path(others.name));
    expectError(refused, 403, 7, "PermissionDenied");
    expect(refused.json.error.error).toContain("A model may be deleted by its creator");
    expect((await det.del(path(r.json.model.name))).status).toBe(200);
    expect((await api.get(path(r.json.model.name))).status).toBe(404);
  });
});
