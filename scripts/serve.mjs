// The production HTTP server that `npm start` runs (scripts/start.ts prepares the
// database and the build first). Next's own request handler, as `next start` uses,
// inside a server we control so that SIGTERM shuts down gracefully: stop accepting
// connections, let requests in flight (uploads above all) finish for up to
// MREG_SHUTDOWN_TIMEOUT_SECONDS, close the app's resources, exit.
// Plain JavaScript: it runs under node without the react-server condition that the
// database scripts use.
import http from "node:http";
import os from "node:os";
import next from "next";
import { apiLane } from "./api-lane.mjs";

const log = (line) => console.log(`[registry] ${line}`);
const port = Number(process.env.PORT || 3000);
// Unset: every interface, IPv4 and IPv6 (localhost, 127.0.0.1, ::1, the machine's addresses and names).
const host = process.env.MREG_HOST || undefined;
const shutdownSeconds = Number(process.env.MREG_SHUTDOWN_TIMEOUT_SECONDS || 60);
const lifecycle = (globalThis[Symbol.for("model-registry.lifecycle")] ??= { draining: false, hooks: [] });

const app = next({ dev: false, dir: process.cwd(), hostname: host ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();
// REST requests skip Next's router (decision 210); MREG_API_LANE=0 sends them through Next too.
const api = process.env.MREG_API_LANE === "0" ? null : apiLane(process.env.NEXT_DIST_DIR || ".next");

/** Requests being answered: response -> "METHOD path", to wait for and to name at shutdown. */
const inFlight = new Map();
// How busy the server is with its users, for the work that yields to them (decision 211):
// the most requests in flight at once over the last quarter second (clients that wait for
// their replies leave gaps between a batch of replies and their next requests). Checkpoint
// transfers, which may last minutes at little CPU, do not count.
let answering = 0;
let peak = 0;
let peakAt = 0;
lifecycle.requestsInFlight = () => (performance.now() - peakAt <= 250 ? Math.max(peak, answering) : answering);
const server = http.createServer((req, res) => {
  inFlight.set(res, `${req.method} ${req.url}`);
  const counted = !req.url?.startsWith("/checkpoints/");
  if (counted) {
    answering++;
    const now = performance.now();
    if (answering >= peak || now - peakAt > 250) { peak = answering; peakAt = now; }
  }
  res.on("close", () => { inFlight.delete(res); if (counted) answering--; });
  if (lifecycle.draining) res.setHeader("Connection", "close");
  // Next answers its own errors; one that escapes it gets what `next start` gives it.
  const answer = api ? api(req, res).then((done) => (done ? undefined : handle(req, res))) : handle(req, res);
  answer.catch((err) => {
    console.error(`[registry] failed to handle request for ${req.url}:`, err);
    if (res.headersSent) res.destroy();
    else { res.statusCode = 500; res.end("Internal Server Error"); }
  });
});
// A checkpoint upload may take longer than Node's default of 5 minutes for a whole
// request; a stalled client is still dropped after 10 minutes without a byte.
server.requestTimeout = 0;
server.setTimeout(10 * 60_000);

server.on("error", (err) => {
  if (err.code === "EADDRINUSE") console.error(`[registry] port ${port} is already in use${host ? ` on ${host}` : ""}: stop what uses it, or set PORT to another port`);
  else if (err.code === "EADDRNOTAVAIL") console.error(`[registry] MREG_HOST=${host} is not an address of this machine`);
  else console.error(`[registry] the server cannot listen on port ${port}: ${err.message} (PORT, MREG_HOST)`);
  process.exit(1);
});
server.listen(port, host, () => {
  const names = host ? [host] : ["localhost", "127.0.0.1", os.hostname(), ...addresses()];
  const urls = [...new Set(names)].map((n) => `http://${n.includes(":") ? `[${n}]` : n}:${port}`);
  log(`serving ${urls[0]} (also ${urls.slice(1).join(", ") || "nothing else"}); pid ${process.pid}`);
});

function addresses() {
  return Object.values(os.networkInterfaces()).flat()
    .filter((a) => a && !a.internal && !(a.family === "IPv6" && a.address.startsWith("fe80")))
    .map((a) => a.address);
}

let stoppingSince = 0;
async function shutdown(signal) {
  // Ctrl-C reaches every process of the terminal's group, and each parent forwards it
  // too: copies arriving within a second are one request. A later one means "now".
  if (stoppingSince) {
    if (Date.now() - stoppingSince < 1000) return;
    log(`${signal} again: exiting now`);
    process.exit(1);
  }
  stoppingSince = Date.now();
  lifecycle.draining = true;
  server.close();
  server.closeIdleConnections();
  const uploads = () => [...inFlight.values()].filter((r) => r.startsWith("PUT /checkpoints/")).length;
  if (inFlight.size) {
    log(`${signal}: no new connections; waiting up to ${shutdownSeconds} s for ${inFlight.size} request(s) in flight (${uploads()} upload(s))`);
  }
  const deadline = Date.now() + shutdownSeconds * 1000;
  while (inFlight.size && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    server.closeIdleConnections();
  }
  if (inFlight.size) log(`stopping with ${inFlight.size} request(s) unfinished after ${shutdownSeconds} s (${uploads()} upload(s); their clients see the connection close)`);
  const hooks = Promise.allSettled(lifecycle.hooks.map((h) => Promise.resolve().then(h)));
  await Promise.race([hooks, new Promise((r) => setTimeout(r, 5_000))]);
  log(`stopped (${signal})`);
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
