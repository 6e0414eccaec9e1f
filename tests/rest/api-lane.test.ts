// The production server's REST lane (scripts/api-lane.mjs, decision 210): /api/v1 requests
// go to the built route handlers without Next's router. These check what that lane must
// keep of Next's behaviour; every other REST test also runs through it.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiLane, loadApiRoutes, match } from "../../scripts/api-lane.mjs";
import { TEST_DIST_DIR } from "../support/server-setup";
import { adminLogin, baseUrl, call, uniq } from "./client";

describe("route matching, on the build the tests run", () => {
  const routes = loadApiRoutes(TEST_DIST_DIR)!;

  it("finds every API route of the build by a path of its own shape", () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const r of routes) {
      // [x] -> "v-1"; [...x] -> two segments: the route itself, not a more specific one, must win.
      const parts = r.page.slice(1, -"/route".length).split("/")
        .flatMap((s) => (s.startsWith("[...") ? ["v-1", "v-2"] : s.startsWith("[") ? ["v-1"] : [s]));
      expect(match(routes, parts)?.route.page, parts.join("/")).toBe(r.page);
    }
  });

  it("prefers a static segment to a [param], and a [param] to the catch-all, and decodes params", () => {
    const page = (path: string) => match(routes, path.slice(1).split("/"))?.route.page;
    expect(page("/api/v1/webhooks/deliveries")).toBe("/api/v1/webhooks/deliveries/route");
    expect(page("/api/v1/webhooks/abc")).toBe("/api/v1/webhooks/[webhookId]/route");
    expect(page("/api/v1/models/m/versions/3/nothing-here")).toBe("/api/v1/[...unknown]/route");
    expect(match(routes, "api/v1/models/a%2Fb%20c".split("/"))?.params).toEqual({ modelName: "a/b c" });
  });
});

/** Requests on one kept-alive connection, to see that one reply leaves it fit for the next. */
function onOneConnection() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const send = (method: string, path: string, headers: Record<string, string | number> = {}, body?: string) =>
    new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request(`${baseUrl}${path}`, { method, agent, headers }, (res) => {
        sockets.add(res.socket);
        let text = "";
        res.setEncoding("utf8").on("data", (c) => { text += c; }).on("end", () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
      });
      req.on("error", reject);
      req.end(body);
    });
  return { send, sockets, close: () => agent.destroy() };
}

describe("the lane as clients see it", () => {
  it("keeps the connection after refusing a body it never read, and answers the next request on it", async () => {
    const token = await adminLogin();
    const c = onOneConnection();
    try {
      const body = JSON.stringify({ name: uniq(), notes: "x".repeat(300 * 1024) });
      const refused = await c.send("POST", "/api/v1/models", { authorization: `Bearer ${token}`, "content-length": Buffer.byteLength(body) }, body);
      expect(refused.status).toBe(413);
      const next = await c.send("GET", "/api/v1/master");
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).clusterName).toBeTypeOf("string");
      expect(c.sockets.size).toBe(1);
    } finally {
      c.close();
    }
  });

  it("reads a chunked body of unknown length, and answers HEAD without a body", async () => {
    const token = await adminLogin();
    const c = onOneConnection();
    try {
      const name = uniq("chunked");
      const created = await c.send("POST", "/api/v1/models", { authorization: `Bearer ${token}`, "transfer-encoding": "chunked" }, JSON.stringify({ name }));
      expect(created.status).toBe(200);
      expect(JSON.parse(created.body).model.name).toBe(name);
      const head = await c.send("HEAD", `/api/v1/models/${name}`, { authorization: `Bearer ${token}` });
      expect(head.status).toBe(200);
      expect(head.body).toBe("");
      expect(head.headers.etag).toBe('"1"');
    } finally {
      c.close();
    }
  });

  it("leaves to Next what Next answers: a method the route lacks, a trailing slash, OPTIONS", async () => {
    const wrongMethod = await call("PUT", "/api/v1/master");
    expect(wrongMethod.status).toBe(405);
    const slash = await fetch(`${baseUrl}/api/v1/master/`, { redirect: "manual" });
    expect(slash.status).toBe(308);
    expect(slash.headers.get("location")).toMatch(/\/api\/v1\/master$/);
    const options = await fetch(`${baseUrl}/api/v1/master`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toContain("GET");
  });

  it("answers an unknown API path with the contract's JSON 404", async () => {
    const r = await call("GET", "/api/v1/no/such/thing");
    expect(r.status).toBe(404);
    expect(r.json.error).toBeDefined();
  });
});

describe("a build the lane does not understand", () => {
  it("sends a route whose built file is not an app route module to Next, and says so once", async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-lane-"));
    const file = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(dist, "server", rel)), { recursive: true });
      fs.writeFileSync(path.join(dist, "server", rel), text);
    };
    file("app-paths-manifest.json", JSON.stringify({
      "/api/v1/odd/route": "app/api/v1/odd/route.js", "/api/v1/fine/route": "app/api/v1/fine/route.js", "/page": "app/page.js",
      "/api/v1/stream/route": "app/api/v1/stream/route.js",
    }));
    // A reply of many chunks (the lane streams it) and a request body read to its end.
    file("app/api/v1/stream/route.js", `module.exports = { routeModule: { ensureUserland: async () => {}, userland: { POST: async (req) => {
      const sent = await req.text(); let i = 0;
      return new Response(new ReadableStream({ pull(c) { if (i === 50) c.close(); else c.enqueue(new TextEncoder().encode(sent + (i++) + ";")); } }));
    } } } };`);
    file("app/api/v1/odd/route.js", "module.exports = { GET: () => new Response('not through a routeModule') };");
    file("app/api/v1/fine/route.js", "module.exports = { routeModule: { ensureUserland: async () => {}, userland: { GET: async (req, ctx) => new Response('lane ' + new URL(req.url).pathname) } } };");
    const logged: string[] = [];
    const lane = apiLane(dist, (l) => logged.push(l))!;
    const server = http.createServer((req, res) => void lane(req, res).then((done) => { if (!done) res.end("next"); }));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const text = (p: string) => fetch(url + p).then((r) => r.text());
      expect(await text("/api/v1/fine")).toBe("lane /api/v1/fine");
      expect(await text("/api/v1/odd")).toBe("next");
      expect(await text("/api/v1/odd")).toBe("next");
      expect(await text("/page")).toBe("next");
      const streamed = await fetch(`${url}/api/v1/stream`, { method: "POST", body: "x".repeat(100_000) }).then((r) => r.text());
      expect(streamed).toBe(Array.from({ length: 50 }, (_, i) => `${"x".repeat(100_000)}${i};`).join(""));
      expect(logged).toEqual([expect.stringMatching(/^REST lane: \/api\/v1\/odd\/route goes through Next \(no routeModule/)]);
    } finally {
      server.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});
