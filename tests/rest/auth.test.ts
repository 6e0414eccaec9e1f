import fs from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { replies } from "../../lib/schemas/api";
import { adminLogin, as, call, expectError, login, saltAndHash, uniq } from "./client";

describe("master info (unauthenticated)", () => {
  it("GET /info is snake_case with a PEP 440 version", async () => {
    const r = await call("GET", "/info");
    expect(r.status).toBe(200);
    expect(r.json.version).toMatch(/^\d+\.\d+\.\d+$/);
    for (const key of ["master_id", "cluster_id", "cluster_name"]) expect(typeof r.json[key]).toBe("string");
    expect(r.json.telemetry).toEqual({ enabled: false, otel_enabled: false, otel_endpoint: "" });
    expect(r.json).toHaveProperty("sso_providers");
  });

  it("GET /api/v1/master answers without a token", async () => {
    const r = await call("GET", "/api/v1/master");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ strictJobQueueControl: false, hasCustomLogo: false, telemetryEnabled: false });
    for (const key of ["version", "masterId", "clusterId", "clusterName"]) expect(typeof r.json[key]).toBe("string");
  });
});

describe("POST /api/v1/auth/login", () => {
  it("logs `determined` in with an empty password the way the clients send it (isHashed, \"\")", async () => {
    const r = await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: "", isHashed: true } });
    expect(r.status).toBe(200);
    const body = replies.login.parse(r.json);
    expect(body.user).toMatchObject({ username: "determined", admin: false, active: true });
    expect(body.token.length).toBeGreaterThanOrEqual(40);
  });

  it("accepts the hashed form of the empty password and the plain form (isHashed false)", async () => {
    expect((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: saltAndHash(""), isHashed: true } })).status).toBe(200);
    expect((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: "", isHashed: false } })).status).toBe(200);
    expect((await call("POST", "/api/v1/auth/login", { body: { username: "determined", password: null, isHashed: null } })).status).toBe(200);
  });

  it("logs admin in with the password from MREG_ADMIN_PASSWORD, hashed or plain", async () => {
    const password = inject("adminPassword");
    const hashed = await call("POST", "/api/v1/auth/login", { body: { username: "admin", password: saltAndHash(password), isHashed: true } });
    expect(hashed.status).toBe(200);
    expect(hashed.json.user).toMatchObject({ username: "admin", admin: true });
    const plain = await call("POST", "/api/v1/auth/login", { body: { username: "admin", password, isHashed: false } });
    expect(plain.status).toBe(200);
    expect(plain.json.token).not.toBe(hashed.json.token);
  });

  it("refuses a wrong password, an empty one for admin and an unknown user with the same 401", async () => {
    const attempts = [
      { username: "admin", password: saltAndHash("wrong"), isHashed: true },
      { username: "admin", password: "", isHashed: true },
      { username: uniq("nobody"), password: saltAndHash(""), isHashed: true },
    ];
    for (const body of attempts) {
      const r = await call("POST", "/api/v1/auth/login", { body });
      expectError(r, 401, 16, "Unauthenticated");
      expect(r.json.error.error).toBe("Invalid username or password.");
    }
  });

  it("answers malformed input with 400, never 500", async () => {
    expectError(await call("POST", "/api/v1/auth/login", { raw: "{not json" }), 400, 3, "InvalidArgument");
    expectError(await call("POST", "/api/v1/auth/login", { raw: "[1,2]" }), 400, 3, "InvalidArgument");
    expectError(await call("POST", "/api/v1/auth/login", { body: { password: "" } }), 400, 3, "InvalidArgument");
    expectError(await call("POST", "/api/v1/auth/login", { body: { username: "admin", isHashed: "yes" } }), 400, 3, "InvalidArgument");
  });
});

describe("tokens", () => {
  it("GET /api/v1/me returns the token's user; logout revokes exactly that token", async () => {
    const token = await login("determined", "");
    const other = await login("determined", "");
    const me = await as(token).get("/api/v1/me");
    expect(me.status).toBe(200);
    expect(replies.me.parse(me.json).user.username).toBe("determined");
    const out = await as(token).post("/api/v1/auth/logout");
    expect(out.status).toBe(200);
    expect(out.json).toEqual({});
    expectError(await as(token).get("/api/v1/me"), 401, 16, "Unauthenticated");
    expect((await as(other).get("/api/v1/me")).status).toBe(200);
  });

  it("refuses a missing, malformed or unknown token with 401 and a WWW-Authenticate header", async () => {
    const none = await call("GET", "/api/v1/me");
    expectError(none, 401, 16, "Unauthenticated");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await call("GET", "/api/v1/me", { headers: { Authorization: "Basic YWRtaW46" } }), 401, 16, "Unauthenticated");
    expectError(await call("GET", "/api/v1/me", { token: "mreg_not-a-real-token" }), 401, 16, "Unauthenticated");
  });

  it("requires a token on every /api/v1 route except login, master, the health check and the OpenAPI document", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).json;
    const open = new Set(["/api/v1/auth/login", "/api/v1/master", "/api/v1/health", "/api/v1/openapi.json"]);
    let checked = 0;
    for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      if (!path.startsWith("/api/v1/") || open.has(path)) continue;
      const concrete = path.replace("{modelName}", "some-model").replace("{modelVersionNum}", "1")
        .replace("{experimentId}", "1").replace("{checkpointUuid}", "00000000-0000-4000-8000-000000000000");
      for (const method of Object.keys(ops)) {
        const r = await call(method.toUpperCase(), concrete, { body: method === "get" || method === "delete" ? undefined : {} });
        expect(r.status, `${method} ${path}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(18);
  });

  it("logs the empty-password warning in one line and never a password or token", async () => {
    const token = await adminLogin();
    const log = fs.readFileSync(inject("serverLogFile"), "utf8");
    const warnings = log.split("\n").filter((l) => l.includes("EMPTY password"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("determined");
    expect(warnings[0]).not.toContain("admin and");
    expect(log).not.toContain(inject("adminPassword"));
    expect(log).not.toContain(token);
  });
});
