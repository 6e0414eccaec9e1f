// Issue 11, idempotent writes over HTTP: POST creates accept an Idempotency-Key; a
// retry with the same key and body gets the first answer again (Idempotent-Replayed:
// true) and creates nothing; the same key with another body is 422; a malformed key
// is 400; requests without the header (Determined's clients) are unchanged.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { rawTarGz } from "../support/raw-tar";
import { adminLogin, as, call, expectError, login, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
let token: string;
beforeAll(async () => {
  token = await adminLogin();
  api = as(token);
});

const key = () => crypto.randomUUID();
const withKey = (k: string) => ({ headers: { "Idempotency-Key": k } });

async function countModels(name: string): Promise<number> {
  const r = await api.get(`/api/v1/models?name=${encodeURIComponent(name)}`);
  return r.json.models.filter((m: { name: string }) => m.name === name).length;
}

describe("Idempotency-Key on POST /api/v1/models", () => {
  it("a retry with the same key and body returns the original answer, marked replayed, and creates nothing", async () => {
    const name = uniq("idem");
    const k = key();
    const first = await api.post("/api/v1/models", { name, description: "d", labels: ["a"] }, withKey(k));
    expect(first.status).toBe(200);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    // Fields in another order are the same request.
    const again = await api.post("/api/v1/models", { labels: ["a"], description: "d", name }, withKey(k));
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await countModels(name)).toBe(1);
    // Without the key the same retry is the usual duplicate refusal.
    expectError(await api.post("/api/v1/models", { name, description: "d", labels: ["a"] }), 409, 6, "AlreadyExists");
  });

  it("concurrent creates with one key make one model, and every request gets its answer", async () => {
    const name = uniq("idem-race");
    const k = key();
    const racing = await Promise.all(Array.from({ length: 8 }, () => api.post("/api/v1/models", { name }, withKey(k))));
    expect(racing.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(racing.map((r) => r.json.model.id)).size).toBe(1);
    expect(racing.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(7);
    expect(await countModels(name)).toBe(1);
  });

  it("the same key with a different body is 422 with a clear message, and creates nothing", async () => {
    const k = key();
    const name = uniq("idem");
    expect((await api.post("/api/v1/models", { name }, withKey(k))).status).toBe(200);
    const other = uniq("idem-other");
    const r = await api.post("/api/v1/models", { name: other }, withKey(k));
    expect(r.status).toBe(422);
    expect(r.json.error.error).toBe(`Idempotency-Key "${k}" was already used with a different request body; use a new key for a different request.`);
    expect(await countModels(other)).toBe(0);
  });

  it("a malformed key is 400 and nothing is created; 255 characters is the longest accepted", async () => {
    for (const [bad, message] of [
      ["", "Idempotency-Key must not be empty."],
      ["k".repeat(256), "Idempotency-Key must be at most 255 characters."],
    ]) {
      const name = uniq("idem-bad");
      const r = await api.post("/api/v1/models", { name }, withKey(bad));
      expectError(r, 400, 3, "InvalidArgument");
      expect(r.json.error.error).toBe(message);
      expect(await countModels(name)).toBe(0);
    }
    const longest = `${crypto.randomUUID()}${"k".repeat(219)}`;
    expect(longest).toHaveLength(255);
    expect((await api.post("/api/v1/models", { name: uniq("idem-long") }, withKey(longest))).status).toBe(200);
  });

  it("keys are per user: another user's request with the same key is its own create", async () => {
    const k = key();
    const [a, b] = [uniq("idem-a"), uniq("idem-b")];
    expect((await api.post("/api/v1/models", { name: a }, withKey(k))).status).toBe(200);
    const det = as(await login("determined", ""));
    const r = await det.post("/api/v1/models", { name: b }, withKey(k));
    expect([r.status, r.headers.get("idempotent-replayed"), r.json.model.name]).toEqual([200, null, b]);
  });

  it("Determined's clients, which send no key, are unchanged: no replay header, duplicates refused as before", async () => {
    const name = uniq("idem-det");
    const r = await call("POST", "/api/v1/models", { token, body: { name, description: null, metadata: null, labels: null, notes: null, workspaceId: null } });
    expect([r.status, r.headers.get("idempotent-replayed")]).toEqual([200, null]);
    expectError(await call("POST", "/api/v1/models", { token, body: { name } }), 409, 6, "AlreadyExists");
  });
});

describe("Idempotency-Key on registrations and checkpoint reports", () => {
  it("a retried registration gets the same version back; concurrent requests with one key register it once", async () => {
    const name = uniq("idem-v");
    expect((await api.post("/api/v1/models", { name })).status).toBe(200);
    const base = `/api/v1/models/${encodeURIComponent(name)}`;
    const uuid = await reportCheckpoint(api);
    const k = key();
    const first = await api.post(`${base}/versions`, { checkpointUuid: uuid, comment: "c" }, withKey(k));
    expect([first.status, first.json.modelVersion.version]).toEqual([200, 1]);
    const retry = await api.post(`${base}/versions`, { checkpointUuid: uuid, comment: "c" }, withKey(k));
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(retry.json).toEqual(first.json);

    const k2 = key();
    const racing = await Promise.all(Array.from({ length: 12 }, () => api.post(`${base}/versions`, { checkpointUuid: uuid }, withKey(k2))));
    expect(racing.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(racing.map((r) => r.json.modelVersion.version))).toEqual(new Set([2]));
    expect(racing.filter((r) => r.headers.get("idempotent-replayed") === "true")).toHaveLength(11);
    const listed = await api.get(`${base}/versions`);
    expect(listed.json.modelVersions.map((v: { version: number }) => v.version)).toEqual([1, 2]);

    // The key is bound to its route: the same key and body on another model is 422.
    const other = uniq("idem-v2");
    expect((await api.post("/api/v1/models", { name: other })).status).toBe(200);
    const r = await api.post(`/api/v1/models/${encodeURIComponent(other)}/versions`, { checkpointUuid: uuid, comment: "c" }, withKey(k));
    expect([r.status, r.json.error.error]).toEqual([422, expect.stringContaining(`was already used for POST ${base.replaceAll(" ", "%20")}/versions`)]);
  });

  it("a retried checkpoint report is answered again instead of 409", async () => {
    const uuid = crypto.randomUUID();
    const body = { uuid, state: "STATE_COMPLETED", training: { experimentName: uniq("exp") }, metadata: {}, resources: {} };
    const k = key();
    expect((await api.post("/api/v1/checkpoints", body, withKey(k))).status).toBe(200);
    const retry = await api.post("/api/v1/checkpoints", body, withKey(k));
    expect([retry.status, retry.headers.get("idempotent-replayed"), retry.json]).toEqual([200, "true", {}]);
    expectError(await api.post("/api/v1/checkpoints", body), 409, 6, "AlreadyExists");
  });
});

describe("Idempotency-Key on checkpoint uploads (PUT /checkpoints/{uuid})", () => {
  const put = (uuid: string, body: Buffer, headers: Record<string, string> = {}) =>
    call("PUT", `/checkpoints/${uuid}`, { raw: body as unknown as string, token, headers: { "Content-Type": "application/gzip", ...headers } });

  it("a retried upload with the same key and archive gets the first answer; another archive is 422; without a key it is 409", async () => {
    const uuid = crypto.randomUUID();
    expect((await api.post("/api/v1/checkpoints", { uuid, training: { experimentName: uniq("exp") } })).status).toBe(200);
    const archive = rawTarGz([{ name: "model.pt", body: crypto.randomBytes(200_000) }]);
    const k = key();
    const first = await put(uuid, archive, withKey(k).headers);
    expect([first.status, first.json.checkpoint.state, first.json.checkpoint.resources]).toEqual([200, "STATE_COMPLETED", { "model.pt": "200000" }]);
    const retry = await put(uuid, archive, withKey(k).headers);
    expect([retry.status, retry.headers.get("idempotent-replayed")]).toEqual([200, "true"]);
    expect(retry.json).toEqual(first.json);
    const other = await put(uuid, rawTarGz([{ name: "model.pt", body: "else" }]), withKey(k).headers);
    expect([other.status, other.json.error.error]).toEqual([422, expect.stringContaining("different request body")]);
    expectError(await put(uuid, archive), 409, 6, "AlreadyExists");
  });
});
