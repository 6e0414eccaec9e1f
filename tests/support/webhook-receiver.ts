// A real HTTP receiver for webhook tests: it verifies every request's Standard Webhooks
// signature with the `standardwebhooks` package (as a receiver would), and answers what
// the test says (`answer`), e.g. 500 three times then 200.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; timestamp: string; signature: string; body: string; json: any; verified: boolean[] }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the payload of any event; tests check it

export type Receiver = {
  url: string;
  received: Received[];
  /** Secrets to verify with; each request records which of them verify it. */
  secrets: string[];
  answer: (n: number, r: Received) => { status: number; body?: string; delayMs?: number };
  close: () => Promise<void>;
};

export async function startReceiver(host = "127.0.0.1"): Promise<Receiver> {
  const received: Received[] = [];
  const r: Receiver = {
    url: "", received, secrets: [], answer: () => ({ status: 200, body: "ok" }), close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = { "webhook-id": String(req.headers["webhook-id"]), "webhook-timestamp": String(req.headers["webhook-timestamp"]), "webhook-signature": String(req.headers["webhook-signature"]) };
      const verified = r.secrets.map((s) => { try { new Webhook(s).verify(body, headers); return true; } catch { return false; } });
      let json: unknown = null;
      try { json = JSON.parse(body); } catch { /* not JSON */ }
      const rec: Received = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"], body, json, verified };
      received.push(rec);
      const a = r.answer(received.length, rec);
      const send = () => { res.statusCode = a.status; res.end(a.body ?? ""); };
      if (a.delayMs) setTimeout(send, a.delayMs); else send();
    });
  });
  await new Promise<void>((ok) => server.listen(0, host, ok));
  r.url = `http://${host}:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((ok) => { server.closeAllConnections(); server.close(() => ok()); });
  return r;
}
