import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
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
  const sign = (secret: string) => crypto.createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
    .update(`${msgId}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": msgId, "webhook-timestamp": timestamp, "webhook-signature": secrets.map((s) => `v1,${sign(s)}`).join(" ") };
}

// Connections are kept open between deliveries to the same target. Every new connection
// still goes through the attempt's own `lookup`, i.e. to the address checked for it.
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 128 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 128 }) };

/**
 * One POST. The host is resolved and checked (resolveTarget) and the connection goes to
 * that checked address (the `lookup` below), so DNS rebinding cannot redirect it; the
 * TLS name stays the URL's host. Redirects are answers like any other (a 3xx is not a
 * success) and never followed. Only the first 1 KB of the answer is read and kept.
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
  const headers = {
    ...signedHeaders(opts.msgId, opts.body, opts.secrets, at),
    "content-type": "application/json", "user-agent": "model-registry-webhooks/1", "content-length": String(Buffer.byteLength(opts.body)),
  };
  const mod = target.url.protocol === "https:" ? https : http;
  return new Promise<AttemptOutcome>((resolve) => {
    let settled = false;
    let req: http.ClientRequest;
    const finish = (o: Omit<AttemptOutcome, "at" | "latencyMs">) => { if (!settled) { settled = true; clearTimeout(timer); resolve(done(o)); } };
    const timer = setTimeout(() => {
      finish({ ok: false, statusCode: null, error: `timed out after ${opts.timeoutMs ?? DELIVERY_TIMEOUT_MS} ms`, response: "" });
      req.destroy();
    }, opts.timeoutMs ?? DELIVERY_TIMEOUT_MS);
    // A kept-alive connection the receiver closed as it was being reused fails with
    // ECONNRESET before any answer: sent again at once, on another connection (Node's
    // documented remedy; the receiver did not take it, and would de-duplicate by webhook-id).
    const send = (retries: number) => {
      req = mod.request(target.url, {
        method: "POST", headers, agent: agents[target.url.protocol as "http:" | "https:"],
        lookup: (_host, options, cb) => {
          if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
          else cb(null, target.address, target.family);
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const end = () => {
          const status = res.statusCode ?? 0;
          finish({ ok: status >= 200 && status < 300, statusCode: status, error: null, response: Buffer.concat(chunks).subarray(0, RESPONSE_KEPT).toString("utf8") });
          res.destroy();
        };
        res.on("data", (c: Buffer) => {
          if (kept < RESPONSE_KEPT) { chunks.push(c); kept += c.length; }
          if (kept >= RESPONSE_KEPT) end();
        });
        res.on("end", end);
        res.on("error", end);
      });
      const sent = req;
      sent.on("error", (err: NodeJS.ErrnoException) => {
        if (!settled && retries > 0 && sent.reusedSocket && err.code === "ECONNRESET") return send(retries - 1);
        finish({ ok: false, statusCode: null, error: err.message, response: "" });
      });
      sent.end(opts.body);
    };
    send(2);
  });
}
