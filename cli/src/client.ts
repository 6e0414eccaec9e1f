import crypto from "node:crypto";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { loginPassword } from "../../lib/auth/client-hash";
import { loadLogin, saveLogin } from "./config";
import { CliError } from "./errors";

export const DEFAULT_USER = "determined";

type Query = Record<string, string | number | boolean | string[] | undefined>;
type RequestOptions = { query?: Query; body?: unknown; headers?: Record<string, string>; auth?: boolean };

/**
 * How a create is retried (docs/decisions/036-mreg-retries.md): attempts in all, and
 * the wait before each retry (doubling, with jitter, capped). The Idempotency-Key
 * makes every retry safe: a create that committed before its answer was lost is
 * answered again, not made twice.
 */
export const CREATE_ATTEMPTS = 6;
const FIRST_WAIT_MS = 250;
const MAX_WAIT_MS = 4_000;

/** Answers that may hide a committed create: 503 (the database dropped, maybe after COMMIT) and a connection lost before the answer. */
const RETRYABLE_STATUS = new Set([502, 503, 504]);
const RETRYABLE_CONNECTION = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT|socket hang up|other side closed|terminated/i;

function mayRetry(err: unknown): boolean {
  if (err instanceof CliError && err.status !== undefined) return RETRYABLE_STATUS.has(err.status);
  // A connection lost before the answer: while connecting, sending, or reading the body ("terminated").
  const cause = (err as { cause?: { code?: string } }).cause;
  return RETRYABLE_CONNECTION.test(`${(err as Error)?.message} ${cause?.code ?? ""}`);
}

const wait = (attempt: number) => {
  const ms = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt);
  return new Promise((r) => setTimeout(r, ms / 2 + Math.random() * (ms / 2)));
};

/** A thin client over the registry's REST API: JSON in and out, bearer auth, one-line errors. */
export class ApiClient {
  private token?: string;

  constructor(readonly master: string) {}

  url(path: string, query: Query = {}): string {
    const u = new URL(path, this.master.endsWith("/") ? this.master : `${this.master}/`);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      for (const item of Array.isArray(v) ? v : [v]) u.searchParams.append(k, String(item));
    }
    return u.toString();
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.send("POST", "api/v1/auth/login", { body: { username, password: loginPassword(password), isHashed: true }, auth: false });
    const { token } = (await res.json()) as { token: string };
    this.token = token;
    saveLogin(this.master, { username, token });
  }

  async logout(): Promise<void> {
    const saved = loadLogin(this.master);
    if (saved) {
      this.token = saved.token;
      await this.send("POST", "api/v1/auth/logout", { body: {} }).catch(() => {});
    }
    saveLogin(this.master, undefined);
  }

  /** The cached token for this server, or a fresh login as `determined` with an empty password, as Determined's clients do. */
  private async ensureToken(): Promise<void> {
    if (this.token) return;
    const saved = loadLogin(this.master);
    if (saved) {
      this.token = saved.token;
      return;
    }
    await this.login(DEFAULT_USER, "").catch((err) => {
      if (/^Cannot reach/.test((err as Error).message)) throw err;
      throw new CliError(`Not logged in to ${this.master} (${(err as Error).message.replace(/\.$/, "")}); run "mreg login".`);
    });
  }

  async json<T = Record<string, unknown>>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    return (await res.json()) as T;
  }

  /**
   * A create (POST): sent with a fresh Idempotency-Key, and sent again with the same
   * key after a 502/503/504 or a lost connection, up to CREATE_ATTEMPTS times with
   * backoff. The server answers a repeated key with the first answer, so a create
   * whose answer was lost is never made twice.
   */
  async create<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    return this.idempotently((key) => this.json<T>("POST", path, { body, headers: { "Idempotency-Key": key } }));
  }

  /** Runs `send` with a fresh Idempotency-Key, again with the same key while its failure may hide a success (see create). */
  async idempotently<T>(send: (key: string) => Promise<T>): Promise<T> {
    const key = crypto.randomUUID();
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(key);
      } catch (err) {
        if (!mayRetry(err) || attempt >= CREATE_ATTEMPTS) throw err;
        await wait(attempt - 1);
      }
    }
  }

  /**
   * A streamed transfer over node:http (not fetch: Node 20's fetch body streams
   * buffer and re-slice under back-pressure, which made multi-GB downloads crawl).
   * Resolves with the 200 response to read; any other status rejects with the server's message.
   */
  async stream(method: string, path: string, opts: { body?: Readable; headers?: Record<string, string> } = {}): Promise<IncomingMessage> {
    await this.ensureToken();
    const url = new URL(this.url(path));
    const headers = { ...opts.headers, Authorization: `Bearer ${this.token}` };
    return new Promise<IncomingMessage>((resolve, reject) => {
      let answered = false;
      const req = (url.protocol === "https:" ? https : http).request(url, { method, headers }, (res) => {
        answered = true;
        if (res.statusCode === 200) return resolve(res);
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => reject(errorFromText(res.statusCode ?? 0, res.statusMessage ?? "", Buffer.concat(chunks).toString("utf8"))));
        res.on("error", reject);
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        // A server that refuses an upload early may close before we finish sending; its answer wins.
        if (answered) return;
        reject(err.code && /^E[A-Z]+$/.test(err.code) && !opts.body?.errored ? new CliError(`Cannot reach ${this.master}: ${err.code}`) : err);
      });
      if (!opts.body) return void req.end();
      opts.body.on("error", (err) => req.destroy(err));
      opts.body.pipe(req);
    });
  }

  /** Sends a request; a 401 with a cached token drops it and retries once. */
  async send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const auth = opts.auth ?? true;
    if (auth) await this.ensureToken();
    let res = await this.fetch(method, path, opts, auth);
    if (res.status === 401 && auth) {
      saveLogin(this.master, undefined);
      this.token = undefined;
      await res.body?.cancel();
      await this.ensureToken();
      res = await this.fetch(method, path, opts, auth);
    }
    if (res.status !== 200) throw await responseError(res);
    return res;
  }

  private async fetch(method: string, path: string, opts: RequestOptions, auth: boolean): Promise<Response> {
    const headers: Record<string, string> = { ...opts.headers };
    if (auth && this.token) headers.Authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    try {
      return await fetch(this.url(path, opts.query), { method, headers, body });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`Cannot reach ${this.master}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
  }
}

async function responseError(res: Response): Promise<CliError> {
  return errorFromText(res.status, res.statusText, await res.text().catch(() => ""));
}

/** The server's one-line message from a contract error body, else the status line. */
function errorFromText(status: number, statusText: string, text: string): CliError {
  try {
    const parsed = JSON.parse(text) as { error?: { error?: string; message?: string } | string; message?: string };
    const e = parsed.error;
    const message = typeof e === "string" ? e : e?.error ?? e?.message ?? parsed.message;
    if (message) return new CliError(message, 1, status);
  } catch {
    // not JSON: fall through to the status line
  }
  return new CliError(`${status} ${statusText || "error"} from the server`, 1, status);
}
