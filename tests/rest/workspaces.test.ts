// Issue 16 over HTTP: workspaces in Determined's shapes (the calls its SDK and `det
// workspace` make), models created in, listed by and moved between workspaces, reads
// scoped by workspace, and the delete rule (creators delete their own).
import { beforeAll, describe, expect, it } from "vitest";
import { replies } from "../../lib/schemas/api";
import { adminLogin, as, call, expectError, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
let det: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
  // `determined`: an editor of the default workspace and nothing else (the test server gives it an empty password).
  det = as((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: "", isHashed: true } })).json.token);
});

const modelPath = (name: string) => `/api/v1/models/${encodeURIComponent(name)}`;

/** What Determined's SDK create_workspace(name) sends: the generated binding's every field, unset ones as null. */
async function createWorkspace(client: ReturnType<typeof as>, name = uniq("ws")) {
  const r = await client.post("/api/v1/workspaces", { name, agentUserGroup: null, checkpointStorageConfig: null });
  expect(r.status, r.text).toBe(200);
  return replies.workspace.parse(r.json).workspace;
}

describe("workspaces as Determined's SDK and `det workspace` call them", () => {
  it("create_workspace, get_workspace(name), list_workspaces (paged), describe, delete_workspace", async () => {
    const name = uniq("vision");
    const created = await createWorkspace(det, name);
    expect(created).toMatchObject({ name, archived: false, immutable: false, username: "determined", numProjects: 0, numModels: 0, state: "WORKSPACE_STATE_UNSPECIFIED" });

    // get_workspace(name): GET ?name= must answer exactly one.
    const byName = await det.get(`/api/v1/workspaces?name=${encodeURIComponent(name)}`);
    expect(byName.status).toBe(200);
    expect(replies.workspaces.parse(byName.json).workspaces.map((w) => w.id)).toEqual([created.id]);

    // list_workspaces(): read_paginated, offset by offset until endIndex >= total.
    const seen: number[] = [];
    for (let offset = 0; ; ) {
      const page = replies.workspaces.parse((await det.get(`/api/v1/workspaces?offset=${offset}&limit=1`)).json);
      seen.push(...page.workspaces.map((w) => w.id));
      if (page.pagination.endIndex >= page.pagination.total) break;
      offset = page.pagination.endIndex;
    }
    expect(seen).toContain(created.id);
    expect(new Set(seen).size).toBe(seen.length);

    // `det workspace list`: limit 200, ORDER_BY_ASC, SORT_BY_ID / SORT_BY_NAME.
    for (const sortBy of ["SORT_BY_ID", "SORT_BY_NAME"]) {
      const r = await det.get(`/api/v1/workspaces?limit=200&offset=0&orderBy=ORDER_BY_DESC&sortBy=${sortBy}`);
      const list = replies.workspaces.parse(r.json).workspaces;
      const keys = list.map((w) => (sortBy === "SORT_BY_ID" ? w.id : w.name));
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    }

    // `det workspace describe`: GET by id, then the workspace's projects (none here).
    expect(replies.workspace.parse((await det.get(`/api/v1/workspaces/${created.id}`)).json).workspace).toMatchObject({ id: created.id, name });
    const projects = await det.get(`/api/v1/workspaces/${created.id}/projects?limit=200&offset=0&orderBy=ORDER_BY_ASC&sortBy=SORT_BY_ID`);
    expect(replies.projects.parse(projects.json)).toMatchObject({ projects: [], pagination: { total: 0 } });

    // `det workspace edit --name`, archive, unarchive.
    const renamed = uniq("renamed");
    const patched = await det.patch(`/api/v1/workspaces/${created.id}`, { name: renamed, agentUserGroup: null, checkpointStorageConfig: null });
    expect(replies.workspace.parse(patched.json).workspace.name).toBe(renamed);
    expect((await det.post(`/api/v1/workspaces/${created.id}/archive`)).json).toEqual({});
    expect(replies.workspace.parse((await det.get(`/api/v1/workspaces/${created.id}`)).json).workspace.archived).toBe(true);
    expect((await det.post(`/api/v1/workspaces/${created.id}/unarchive`)).json).toEqual({});

    // delete_workspace(name): get_workspace then DELETE by id; `completed` stops det's polling.
    const del = await det.del(`/api/v1/workspaces/${created.id}`);
    expect(replies.deleteWorkspace.parse(del.json)).toEqual({ completed: true });
    expectError(await det.get(`/api/v1/workspaces/${created.id}`), 404, 5, "NotFound");
    expect(replies.workspaces.parse((await det.get(`/api/v1/workspaces?name=${renamed}`)).json).workspaces).toEqual([]);
  });

  it("refuses bad names and duplicates with 400 and 409, a bad id with 400, the default workspace's changes with 400", async () => {
    const ws = await createWorkspace(api);
    expectError(await api.post("/api/v1/workspaces", { name: ws.name }), 409, 6, "AlreadyExists");
    for (const name of ["", " x", "a/b", "42", null]) expectError(await api.post("/api/v1/workspaces", { name }), 400, 3, "InvalidArgument");
    expectError(await api.get("/api/v1/workspaces/abc"), 400, 3, "InvalidArgument");
    expectError(await api.get("/api/v1/workspaces/999999999"), 404, 5, "NotFound");
    const dflt = replies.workspaces.parse((await api.get("/api/v1/workspaces?name=Uncategorized")).json).workspaces[0];
    expect(dflt).toMatchObject({ immutable: true, username: "" });
    expectError(await api.del(`/api/v1/workspaces/${dflt.id}`), 400, 9, "FailedPrecondition");
    expectError(await api.patch(`/api/v1/workspaces/${dflt.id}`, { name: uniq("x") }), 400, 9, "FailedPrecondition");
  });

  it("deletes only an empty workspace: a non-empty one answers 400 saying how many models it holds", async () => {
    const ws = await createWorkspace(det);
    for (let i = 0; i < 2; i++) expect((await det.post("/api/v1/models", { name: uniq("held"), workspaceId: ws.id })).status).toBe(200);
    const r = await det.del(`/api/v1/workspaces/${ws.id}`);
    expectError(r, 400, 9, "FailedPrecondition");
    expect(r.json.error.error).toContain("holds 2 models");
    expect(replies.workspace.parse((await det.get(`/api/v1/workspaces/${ws.id}`)).json).workspace.numModels).toBe(2);
  });

  it("only a workspace's admins rename, archive or delete it; others get 403", async () => {
    const ws = await createWorkspace(api);
    expectError(await det.patch(`/api/v1/workspaces/${ws.id}`, { name: uniq("x") }), 403, 7, "PermissionDenied");
    expectError(await det.post(`/api/v1/workspaces/${ws.id}/archive`), 403, 7, "PermissionDenied");
    expectError(await det.del(`/api/v1/workspaces/${ws.id}`), 403, 7, "PermissionDenied");
  });
});

describe("models in workspaces", () => {
  it("are created by workspaceName or workspaceId, listed by workspaceNames/workspaceIds (the SDK's list_models(workspace_names=))", async () => {
    const [a, b] = [await createWorkspace(det), await createWorkspace(det)];
    const inA = replies.model.parse((await det.post("/api/v1/models", { name: uniq("a"), workspaceName: a.name, workspaceId: null })).json).model;
    const inB = replies.model.parse((await det.post("/api/v1/models", { name: uniq("b"), workspaceId: b.id })).json).model;
    expect([inA.workspaceId, inB.workspaceId]).toEqual([a.id, b.id]);
    const byName = replies.models.parse((await det.get(`/api/v1/models?workspaceNames=${encodeURIComponent(a.name)}&offset=0`)).json);
    expect(byName.models.map((m) => m.name)).toEqual([inA.name]);
    const byIds = replies.models.parse((await det.get(`/api/v1/models?workspaceIds=${a.id}&workspaceIds=${b.id}&sortBy=SORT_BY_NAME`)).json);
    expect(byIds.models.map((m) => m.name)).toEqual([inA.name, inB.name]);
    expectError(await det.post("/api/v1/models", { name: uniq("x"), workspaceName: uniq("nowhere") }), 404, 5, "NotFound");
  });

  it("move with edit rights in both (POST /move and the SDK's PATCH workspaceName); 403 without them in the destination", async () => {
    const mine = await createWorkspace(det);
    const theirs = await createWorkspace(api); // determined holds no role there
    const m = replies.model.parse((await det.post("/api/v1/models", { name: uniq("mover") })).json).model;
    const refused = await det.post(`${modelPath(m.name)}/move`, { workspaceId: theirs.id });
    expectError(refused, 403, 7, "PermissionDenied");
    expect(refused.json.error.error).toContain("editor role in workspace");
    expectError(await det.patch(modelPath(m.name), { workspaceName: theirs.name }), 403, 7, "PermissionDenied");
    expect(replies.model.parse((await det.get(modelPath(m.name))).json).model.workspaceId).not.toBe(theirs.id);

    const moved = await det.post(`${modelPath(m.name)}/move`, { workspaceName: mine.name });
    expect(replies.model.parse(moved.json).model.workspaceId).toBe(mine.id);
    const history = await det.get(`${modelPath(m.name)}/history`);
    expect(history.json.events[0]).toMatchObject({ action: "MOVE", summary: expect.stringContaining(`to ${mine.name}`) });
    // Model.move_to_workspace(name): PATCH with only workspaceName.
    const back = await det.patch(modelPath(m.name), { workspaceName: "Uncategorized" });
    expect(replies.model.parse(back.json).model.workspaceId).not.toBe(mine.id);
    expectError(await det.post(`${modelPath(m.name)}/move`, {}), 400, 3, "InvalidArgument");
  });

  it("lists, counts and workspace lists show only what the caller may read", async () => {
    const hidden = await createWorkspace(api);
    const tag = uniq("hidden");
    await api.post("/api/v1/models", { name: `${tag}-1`, workspaceId: hidden.id });
    const theirs = replies.models.parse((await det.get(`/api/v1/models?name=${tag}`)).json);
    expect(theirs.models).toEqual([]);
    expect(theirs.pagination.total).toBe(0);
    expect(replies.models.parse((await api.get(`/api/v1/models?name=${tag}`)).json).pagination.total).toBe(1);
    const names = replies.workspaces.parse((await det.get("/api/v1/workspaces")).json).workspaces.map((w) => w.name);
    expect(names).toContain("Uncategorized");
    expect(names).not.toContain(hidden.name);
    expectError(await det.get(`/api/v1/workspaces/${hidden.id}`), 404, 5, "NotFound");
  });
});

describe("who may delete (as Determined)", () => {
  it("the creator of a version or of its model deletes the version; an editor who created neither gets 403 with the rule", async () => {
    const adminsModel = replies.model.parse((await api.post("/api/v1/models", { name: uniq("admins") })).json).model;
    const detsModel = replies.model.parse((await det.post("/api/v1/models", { name: uniq("dets") })).json).model;
    const cp = await reportCheckpoint(api);
    const reg = (client: typeof api, name: string) => client.post(`${modelPath(name)}/versions`, { checkpointUuid: cp });
    expect((await reg(api, adminsModel.name)).status).toBe(200); // v1 by admin on admin's model
    expect((await reg(det, adminsModel.name)).status).toBe(200); // v2 by determined on admin's model
    expect((await reg(api, detsModel.name)).status).toBe(200); // v1 by admin on determined's model

    const refused = await det.del(`${modelPath(adminsModel.name)}/versions/1`);
    expectError(refused, 403, 7, "PermissionDenied");
    expect(refused.json.error.error).toContain("A version may be deleted by its creator or its model's creator");
    expect((await det.del(`${modelPath(adminsModel.name)}/versions/2`)).status).toBe(200); // its own version
    expect((await det.del(`${modelPath(detsModel.name)}/versions/1`)).status).toBe(200); // a version of its model
    expect((await det.del(modelPath(detsModel.name))).status).toBe(200);
    expect((await api.del(modelPath(adminsModel.name))).status).toBe(200);
  });
});

describe("single reads by name or id outside the caller's workspaces", () => {
  it("answer 404, as for a model that does not exist: model, versions, a version, aliases, history, compare, the chart's metrics", async () => {
    const hidden = await createWorkspace(api);
    const name = uniq("unseen");
    expect((await api.post("/api/v1/models", { name, workspaceId: hidden.id })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await api.post(`${modelPath(name)}/versions`, { checkpointUuid: await reportCheckpoint(api) })).status).toBe(200);
    for (const suffix of ["", "/versions", "/versions/1", "/aliases", "/aliases/latest", "/history", "/compare?versions=1,2", "/metrics", "/metrics/validation_loss/series"]) {
      expectError(await det.get(`${modelPath(name)}${suffix}`), 404, 5, "NotFound");
      expect((await api.get(`${modelPath(name)}${suffix}`)).status, suffix).toBe(200);
    }
  });
});
