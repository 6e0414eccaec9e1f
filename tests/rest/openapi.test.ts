import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call } from "./client";

const appDir = path.resolve(import.meta.dirname, "../../app");

/** Every route.ts under app/api/v1, app/info and app/checkpoints, as "METHOD /path/{param}". */
function routeFiles(): string[] {
  const out: string[] = [];
  for (const top of ["api/v1", "info", "checkpoints"]) {
    const dir = path.join(appDir, top);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir, { recursive: true }) as string[]) {
      // The catch-all only answers unknown paths with a JSON 404; it is not an endpoint.
      if (path.basename(file) !== "route.ts" || file.includes("[...")) continue;
      const urlPath = `/${top}/${path.dirname(file)}`.replace(/\/\.$/, "").replace(/\[([^\]]+)\]/g, "{}");
      const source = fs.readFileSync(path.join(dir, file), "utf8");
      for (const m of source.matchAll(/export (?:const|async function) (GET|POST|PUT|PATCH|DELETE)\b/g)) out.push(`${m[1]} ${urlPath}`);
    }
  }
  return out;
}

describe("unknown paths", () => {
  it("answer 404 in the contract's JSON error shape", async () => {
    const r = await call("GET", "/api/v1/no/such/thing");
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ code: 5, reason: "NotFound" });
    expect((await call("POST", "/api/v1/nothing", { body: {} })).json.error.code).toBe(5);
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document that lists every route file's methods", async () => {
    const r = await call("GET", "/api/v1/openapi.json");
    expect(r.status).toBe(200);
    expect(r.json.openapi).toBe("3.1.0");
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries<Record<string, unknown>>(r.json.paths)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${p.replace(/\{[^}]+\}/g, "{}")}`);
    }
    const routes = routeFiles();
    expect(routes.length).toBeGreaterThanOrEqual(20);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it("documents query enums and every $ref resolves", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).json;
    const sortBy = doc.paths["/api/v1/models"].get.parameters.find((p: { name: string }) => p.name === "sortBy");
    expect(sortBy.schema.enum).toContain("SORT_BY_NUM_VERSIONS");
    const labels = doc.paths["/api/v1/models"].get.parameters.find((p: { name: string }) => p.name === "labels");
    expect(labels).toMatchObject({ style: "form", explode: true });
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });

  it("documents the Idempotency-Key header, its 422 and Idempotent-Replayed on exactly the creates that accept it", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).json;
    const withKey: string[] = [];
    for (const [p, ops] of Object.entries<Record<string, { parameters: { name: string }[]; responses: Record<string, { headers?: object }> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.parameters.some((x) => x.name === "Idempotency-Key")) continue;
        withKey.push(`${method.toUpperCase()} ${p}`);
        expect(op.responses).toHaveProperty("422");
        expect(op.responses["200"].headers).toHaveProperty("Idempotent-Replayed");
      }
    }
    expect(withKey.sort()).toEqual([
      "POST /api/v1/checkpoints", "POST /api/v1/models", "POST /api/v1/models/{modelName}/versions", "PUT /checkpoints/{checkpointUuid}",
    ]);
    // ...and those are the route handlers that go through idempotent() (lib/http/idempotency.ts).
    const handlers = ["api/v1/checkpoints/route.ts", "api/v1/models/route.ts", "api/v1/models/[modelName]/versions/route.ts", "checkpoints/[uuid]/route.ts"];
    const using = (fs.readdirSync(appDir, { recursive: true }) as string[])
      .filter((f) => path.basename(f) === "route.ts" && fs.readFileSync(path.join(appDir, f), "utf8").includes("idempotent("));
    expect(using.sort()).toEqual(handlers.sort());
  });
});
