// The REST API's own lane through the production server (decision 210): requests for
// /api/v1/... go straight to the route handlers Next built (the same modules, loaded
// once by Node, that Next itself runs), without Next's page router, tracing, async
// storages and stream adapters around them. Those cost ~1.6 ms of CPU per request, more
// than most of our handlers; the REST handlers need none of it (they take a Request and
// return a Response, lib/http/route.ts). Pages, server actions, checkpoint transfers and
// static files still go through Next.
// Plain JavaScript, like serve.mjs.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const require = createRequire(import.meta.url);
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The API routes of a production build, from its app-paths manifest, most specific
 * first as Next matches them: a static segment before a [param], a [param] before a
 * [...catchAll]. Returns null when the build has none (nothing to route).
 */
export function loadApiRoutes(distDir) {
  const serverDir = path.resolve(distDir, "server");
  const manifest = JSON.parse(fs.readFileSync(path.join(serverDir, "app-paths-manifest.json"), "utf8"));
  const routes = [];
  for (const [page, file] of Object.entries(manifest)) {
    if (!page.startsWith("/api/v1/") || !page.endsWith("/route")) continue;
    const segments = page.slice(1, -"/route".length).split("/").map((s) => {
      if (s.startsWith("[...") && s.endsWith("]")) return { kind: 2, name: s.slice(4, -1) };
      if (s.startsWith("[") && s.endsWith("]")) return { kind: 1, name: s.slice(1, -1) };
      return { kind: 0, text: s };
    });
    routes.push({ page, segments, file: path.join(serverDir, file), module: undefined });
  }
  const rank = (r) => r.segments.map((s) => s.kind).join("");
  // Lexicographic on segment kinds: at the first difference the static segment wins.
  routes.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : b.segments.length - a.segments.length));
  return routes.length ? routes : null;
}

/** The route and its params for a path (already split, still percent-encoded), or null. */
export function match(routes, parts) {
  for (const r of routes) {
    const params = {};
    let ok = true;
    let i = 0;
    for (const s of r.segments) {
      if (s.kind === 2) {
        if (i >= parts.length) { ok = false; break; }
        params[s.name] = parts.slice(i).map(decode);
        i = parts.length;
        break;
      }
      if (i >= parts.length) { ok = false; break; }
      if (s.kind === 0 ? parts[i] !== s.text : parts[i] === "") { ok = false; break; }
      if (s.kind === 1) params[s.name] = decode(parts[i]);
      i++;
    }
    if (ok && i === parts.length) return { route: r, params };
  }
  return null;
}

function decode(segment) {
  try { return decodeURIComponent(segment); } catch { return segment; }
}

/**
 * The route module's handlers (Next's AppRouteRouteModule keeps the file's exports as
 * `userland`), or null when the built file is not of that shape (a Next that builds
 * differently): that route then goes through Next, and the log says so once.
 */
async function handlersOf(route, log) {
  if (route.module === undefined) {
    route.module = (async () => {
      const rm = require(route.file).routeModule;
      if (!rm || typeof rm.ensureUserland !== "function") throw new Error("no routeModule.ensureUserland in the built file");
      await rm.ensureUserland();
      if (!rm.userland || typeof rm.userland !== "object") throw new Error("no routeModule.userland in the built file");
      return rm.userland;
    })().catch((err) => {
      log(`REST lane: ${route.page} goes through Next (${err.message})`);
      return null;
    });
  }
  return route.module;
}

/**
 * A request handler for the API lane: answers and returns true for /api/v1 requests it
 * has a handler for; returns false (the caller passes the request to Next) for any
 * other path, a method the route does not export (Next answers 405), or a request it
 * cannot turn into a Request (Next answers it as it would have).
 */
export function apiLane(distDir, log = (line) => console.log(`[registry] ${line}`)) {
  const routes = loadApiRoutes(distDir);
  if (!routes) return null;
  return async function handleApi(req, res) {
    const url = req.url ?? "";
    if (!url.startsWith("/api/v1/") || !METHODS.has(req.method)) return false;
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    // Anything Next would redirect or normalize first (a trailing slash, empty or dot segments) is left to it.
    if (pathname.endsWith("/") || pathname.includes("//") || /\/\.\.?(\/|$)/.test(pathname)) return false;
    const parts = pathname.slice(1).split("/");
    const found = match(routes, parts);
    if (!found) return false;
    const handlers = await handlersOf(found.route, log);
    if (!handlers) return false;
    const method = req.method === "HEAD" && !handlers.HEAD ? "GET" : req.method;
    const handler = handlers[method];
    if (typeof handler !== "function") return false;
    let request;
    try {
      const headers = new Headers();
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
      const hasBody = method !== "GET" && method !== "HEAD";
      request = new Request(`http://${req.headers.host || "localhost"}${url}`, {
        method, headers, ...(hasBody ? { body: lazyBody(req), duplex: "half" } : {}),
      });
    } catch {
      return false;
    }
    const response = await handler(request, { params: Promise.resolve(found.params) });
    // A body the handler did not read to its end (refused as too large, say): when it never
    // started reading, Node discards the rest after the reply and keeps the connection;
    // when it stopped halfway, the connection cannot carry another request.
    if (!req.complete && req.readableDidRead) res.setHeader("connection", "close");
    await send(res, response, req.method === "HEAD");
    return true;
  };
}

/**
 * The request's body as a web stream that reads nothing until the handler asks for it
 * (Readable.toWeb starts reading at once, which leaves a body the handler refused
 * half-read in the connection).
 */
function lazyBody(req) {
  let chunks;
  return new ReadableStream({
    async pull(controller) {
      chunks ??= req[Symbol.asyncIterator]();
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    },
  }, { highWaterMark: 0 });
}

async function send(res, response, head) {
  res.statusCode = response.status;
  const cookies = response.headers.getSetCookie();
  for (const [k, v] of response.headers) if (k !== "set-cookie") res.setHeader(k, v);
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body || head) {
    res.end();
    await response.body?.cancel().catch(() => {});
    return;
  }
  const reader = response.body.getReader();
  // Small replies (most of the API) in one write with their length; longer ones streamed.
  const first = await reader.read();
  if (first.done) { res.end(); return; }
  const second = await reader.read();
  if (second.done) {
    if (!res.hasHeader("content-length")) res.setHeader("content-length", first.value.byteLength);
    res.end(first.value);
    return;
  }
  async function* rest() {
    try {
      yield first.value;
      yield second.value;
      for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
    } finally {
      await reader.cancel().catch(() => {}); // the client went away: stop producing
    }
  }
  // Backpressure and a client that goes away are pipeline's; the latter is no error of ours.
  await pipeline(Readable.from(rest(), { objectMode: false }), res).catch(() => {});
}
