// Storage usage over HTTP (docs/decisions/095-storage-usage.md):
// GET /api/v1/storage/usage and GET /api/v1/models/{name}/storage.
import { beforeAll, describe, expect, it } from "vitest";
import { ZModelStorageReply, ZStorageUsageReply } from "../../lib/schemas/api/storage";
import { adminLogin, as, call, expectError, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
});

describe("storage usage over HTTP", () => {
  it("gives a model's usage (each checkpoint once) and the registry's total to an administrator", async () => {
    const name = uniq("sized");
    expect((await api.post("/api/v1/models", { name })).status).toBe(200);
    const base = `/api/v1/models/${encodeURIComponent(name)}`;
    expect((await api.get(`${base}/storage`)).json).toEqual({ model: name, usage: { bytes: 0, checkpoints: 0 } });
    const uuid = await reportCheckpoint(api, { resources: { "model.pt": "1000", "config.yaml": "24" } });
    for (let i = 0; i < 2; i++) expect((await api.post(`${base}/versions`, { checkpointUuid: uuid })).status).toBe(200);
    const r = await api.get(`${base}/storage`);
    expect(r.status).toBe(200);
    expect(ZModelStorageReply.parse(r.json)).toEqual({ model: name, usage: { bytes: 1024, checkpoints: 1 } });

    const total = await api.get("/api/v1/storage/usage");
    expect(total.status).toBe(200);
    const u = ZStorageUsageReply.parse(total.json);
    expect(u.stored.bytes).toBe(u.referenced.bytes + u.unreferenced.bytes);
    expect(u.stored.checkpoints).toBe(u.referenced.checkpoints + u.unreferenced.checkpoints);
  });

  it("answers 404 for an unknown model and 403 for the total to a non-administrator", async () => {
    expectError(await api.get(`/api/v1/models/${uniq("nope")}/storage`), 404, 5, "NotFound");
    const det = as((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: "", isHashed: true } })).json.token);
    expectError(await det.get("/api/v1/storage/usage"), 403, 7, "PermissionDenied");
  });
});
