// A keep-alive HTTP client for the bench (loopback only) and the latency statistics.
import http from "node:http";

export const HOST = "127.0.0.1";

export type Stats = { n: number; p50: number; p95: number; mean: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const r = (x: number) => Math.round(x * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), mean: r(mean) };
}

export type Reply = { status: number; body: Buffer };

export class Client {
  private agent: http.Agent;
  token = "";
  constructor(readonly port: number, maxSockets = 1) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: HOST, port: this.port, method, path, agent: this.agent, timeout: 120_000,
        // The same token as bearer (API) and as the web session cookie (pages).
        headers: { ...(this.token ? { authorization: `Bearer ${this.token}`, cookie: `mreg_session=${this.token}` } : {}), ...headers },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      });
      req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on("error", reject);
      req.end(payload);
    });
  }
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.request(method, path, body);
    if (r.status !== 200) throw new Error(`${method} ${path}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
    return JSON.parse(r.body.toString()) as T;
  }
  /** As `admin` (bench/run.ts sets MREG_ADMIN_PASSWORD for both the bench and its server). */
  async login(): Promise<void> {
    const password = process.env.MREG_ADMIN_PASSWORD ?? "";
    const r = await this.json<{ token: string }>("POST", "/api/v1/auth/login", { username: "admin", password, isHashed: false });
    this.token = r.token;
  }
  close() {
    this.agent.destroy();
  }
}

/** Times `fn` n times after `warmup` untimed calls; fails loudly on the first bad reply. */
export async function timeIt(fn: () => Promise<unknown>, n = 200, warmup = 20): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return stats(samples);
}

/** A GET that must answer 200; returns the body. */
export function okGet(c: Client, path: string, headers?: Record<string, string>) {
  return async () => {
    const r = await c.request("GET", path, undefined, headers);
    if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${r.body.toString().slice(0, 300)}`);
    return r.body;
  };
}

/** Thrown when a route the bench measures is not in this build yet: reported without a verdict. */
export class RouteMissing extends Error {}

export async function requireRoute(c: Client, method: string, path: string, body?: unknown): Promise<void> {
  const r = await c.request(method, path, body);
  if (r.status === 404 && r.body.toString().includes("<html")) throw new RouteMissing(`${method} ${path.split("?")[0]} is not in this build`);
}
