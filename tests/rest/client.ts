// A tiny HTTP client for the REST tests: real requests to the running server.
import crypto from "node:crypto";
import { inject } from "vitest";

export const baseUrl = inject("baseUrl");
export const uniq = (prefix = "t") => `${prefix}-${crypto.randomBytes(5).toString("hex")}`;

/** Determined's client-side password hash: hex SHA-512 of the fixed salt + the password. */
export const saltAndHash = (password: string) =>
  crypto.createHash("sha512").update(`GubPEmmotfiK9TMD6Zdw${password}`).digest("hex");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of any shape: each test's expect() checks it
export type Reply = { status: number; json: any; headers: Headers; text: string };

type Options = { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> };

/** Sends JSON the way Determined's clients do: no Content-Type header. */
export async function call(method: string, path: string, opts: Options = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: tests look at text */
  }
  return { status: res.status, json, headers: res.headers, text };
}

export async function login(username: string, password: string): Promise<string> {
  const r = await call("POST", "/api/v1/auth/login", { body: { username, password: saltAndHash(password), isHashed: true } });
  if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${r.text}`);
  return r.json.token;
}

export const adminLogin = () => login("admin", inject("adminPassword"));

/** A client bound to one token. */
export function as(token: string) {
  return {
    get: (path: string, o: Omit<Options, "token"> = {}) => call("GET", path, { ...o, token }),
    post: (path: string, body?: unknown, o: Omit<Options, "token" | "body"> = {}) => call("POST", path, { ...o, body, token }),
    patch: (path: string, body?: unknown, o: Omit<Options, "token" | "body"> = {}) => call("PATCH", path, { ...o, body, token }),
    del: (path: string, o: Omit<Options, "token"> = {}) => call("DELETE", path, { ...o, token }),
  };
}

/** The contract's error JSON, with the expected status. */
export function expectError(r: Reply, status: number, grpc: number, reason: string) {
  const ok = r.status === status && r.json?.error?.code === grpc && r.json?.error?.reason === reason
    && typeof r.json?.error?.error === "string" && r.json.error.error.length > 0;
  if (!ok) throw new Error(`expected ${status} ${reason}, got ${r.status} ${r.text}`);
}

/** A reported checkpoint (metadata only) in a new or given experiment; returns its uuid. */
export async function reportCheckpoint(
  api: ReturnType<typeof as>,
  opts: { experimentName?: string; experimentId?: number; trialId?: number; steps?: number; loss?: number; resources?: Record<string, string> } = {},
): Promise<string> {
  const uuid = crypto.randomUUID();
  const r = await api.post("/api/v1/checkpoints", {
    uuid,
    taskId: null,
    allocationId: null,
    reportTime: null,
    resources: opts.resources ?? { "model.pt": "1234", "config.yaml": "56" },
    metadata: { steps_completed: opts.steps ?? 100, framework: "torch-2.4", format: "pytorch" },
    state: "STATE_COMPLETED",
    training: {
      trialId: opts.trialId ?? null,
      experimentId: opts.experimentId ?? null,
      experimentName: opts.experimentId ? null : (opts.experimentName ?? uniq("exp")),
      experimentConfig: null,
      hparams: { lr: 0.01 },
      trainingMetrics: { avgMetrics: { loss: 0.5 }, batchMetrics: null },
      validationMetrics: { avgMetrics: { validation_loss: opts.loss ?? 0.25 } },
      searcherMetric: opts.loss ?? 0.25,
    },
    storageId: null,
  });
  if (r.status !== 200) throw new Error(`report checkpoint failed: ${r.status} ${r.text}`);
  return uuid;
}
