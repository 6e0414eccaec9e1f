import "server-only";
import crypto from "node:crypto";
import type { LookupFunction } from "node:net";
import { Pool, type Dispatcher } from "undici";
import { resolveTarget } from "../registry/webhooks/target";
import type { AttemptOutcome } from "../registry/webhooks/finish-attempt";

export const DELIVERY_TIMEOUT_MS = 10_000;
const RESPONSE_KEPT = 1024;

/**
 * Standard Webhooks headers; with a second secret (the 24 h after a rotation) two
 * space-separated v1 signatures. The signature is the spec's: base64 HMAC-SHA256, keyed
 * with the secret's bytes, of "<id>.<timestamp>.<body>". Computed with node:crypto
 * rather than the `standardwebhooks` package's pure-JavaScript SHA-256 (several times
 * slower, and every delivery signs); the tests verify every delivery with that package.
 */
export function signedHeaders(msgId: string, body: string, secrets: string[], sentAt: Date): Record<string, string> {
  const timestamp = String(Math.floor(sentAt.getTime() / 1000));
  const sign = (secret: string) => crypto.createHmac("sha256", keyOf(secret)).update(`${msgId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": msgId, "webhook-timestamp": timestamp, "webhook-signature": secrets.map((s) => `v1,${sign(s)}`).join(" ") };
}

// A secret's key bytes, decoded once (a subscription signs thousands of deliveries).
const keys = new Map<string, Buffer>();
function keyOf(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    if (keys.size >= 1024) keys.clear();
    k = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    keys.set(secret, k);
  }
  return k;
}

/**
 * Connection pools (undici), one per target origin *and checked address*: every
 * connection a pool opens goes to the address resolveTarget checked for it (its `lookup`
 * answers with that address only), so DNS rebinding cannot move it, and a target whose
 * address changes gets a new pool. The TLS name stays the URL's host. Connections are
 * kept open between deliveries (closed before the receiver's advertised keep-alive
 * timeout). undici's request path costs a fraction of node:http's per request
 * (decision 190); it follows no redirects unless asked to.
 */
const pools = new Map<string, Pool>();
const POOLS_KEPT = 256;
const CONNECTIONS_PER_ORIGIN = 128;

function poolFor(url: URL, address: string, family: 4 | 6): Pool {
  const key = `${url.origin} ${address}`;
  let pool = pools.get(key);
  if (pool) return pool;
  while (pools.size >= POOLS_KEPT) {
    const [oldest, p] = pools.entries().next().value!;
    pools.delete(oldest);
    void p.close().catch(() => {});
  }
  const lookup: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  pool = new Pool(url.origin, { connections: CONNECTIONS_PER_ORIGIN, pipelining: 1, connect: { lookup } });
  pools.set(key, pool);
  return pool;
}

/** Errors of a kept-alive connection the receiver closed as it was being reused: nothing was answered. */
const CLOSED_UNDER_US = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);

/**
 * One POST. The host is resolved and checked (resolveTarget) and the connection goes to
 * that checked address (poolFor), so DNS rebinding cannot redirect it. Redirects are
 * answers like any other (a 3xx is not a success) and never followed. Only the first
 * 1 KB of the answer is read and kept.
 */
export async function postWebhook(opts: {
  url: string; msgId: string; body: string; secrets: string[]; timeoutMs?: number;
}): Promise<AttemptOutcome> {
  const at = new Date();
  const started = performance.now();
  const done = (o: Omit<AttemptOutcome, "at" | "latencyMs">): AttemptOutcome => ({ ...o, at, latencyMs: Math.round(performance.now() - started) });
  let target: Awaited<ReturnType<typeof resolveTarget>>;
  try {
    target = await resolveTarget(opts.url);
  } catch (err) {
    return done({ ok: false, statusCode: null, error: err instanceof Error ? err.message : String(err), response: "" });
  }
  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const headers = {
    ...signedHeaders(opts.msgId, opts.body, opts.secrets, at),
    "content-type": "application/json", "user-agent": "model-registry-webhooks/1",
  };
  const pool = poolFor(target.url, target.address, target.family);
  const path = `${target.url.pathname}${target.url.search}`;
  // undici's dispatch with a handler of our own: the least work per request (no streams,
  // no AbortController), which is most of what a delivery costs this process (decision 190).
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | undefined;
    const finish = (o: Omit<AttemptOutcome, "at" | "latencyMs">) => { if (!settled) { settled = true; clearTimeout(timer); resolve(done(o)); } };
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `timed out after ${timeoutMs} ms`, response: "" });
      controller?.abort(new Error("timed out"));
    }, timeoutMs);
    // A kept-alive connection the receiver closed as it was being reused fails before any
    // answer: sent again at once, on another connection (the receiver did not take it, and
    // would de-duplicate by webhook-id if it had).
    const send = (retries: number) => {
      let status = 0;
      const chunks: Buffer[] = [];
      let kept = 0;
      const answered = () => finish({ ok: status >= 200 && status < 300, statusCode: status, error: null, response: Buffer.concat(chunks).subarray(0, RESPONSE_KEPT).toString("utf8") });
      pool.dispatch({ path, method: "POST", headers, body: opts.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, {
        onRequestStart(c) { controller = c; if (settled) c.abort(new Error("timed out")); },
        onResponseStart(_c, statusCode) { status = statusCode; },
        onResponseData(c, chunk) {
          if (kept < RESPONSE_KEPT) { chunks.push(chunk); kept += chunk.length; }
          // The rest of a long answer is not read: the connection is dropped.
          if (kept >= RESPONSE_KEPT) { answered(); c.abort(new Error("answer longer than kept")); }
        },
        onResponseEnd() { answered(); },
        onResponseError(_c, err) {
          if (settled) return;
          if (status) return answered(); // an answer cut short: its status stands, with what arrived
          const code = (err as { code?: string }).code ?? "";
          if (retries > 0 && CLOSED_UNDER_US.has(code)) return send(retries - 1);
          finish({ ok: false, statusCode: null, error: err.message, response: "" });
        },
      });
    };
    send(1);
  });
}
