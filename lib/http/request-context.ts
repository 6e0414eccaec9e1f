import { AsyncLocalStorage } from "node:async_hooks";

type RequestContext = { origin: string };
const storage = new AsyncLocalStorage<RequestContext>();

/** The address clients reach this server at: MREG_PUBLIC_URL, else what the request says (proxy headers first). */
export function publicOrigin(req: Request): string {
  if (process.env.MREG_PUBLIC_URL) return process.env.MREG_PUBLIC_URL.replace(/\/+$/, "");
  const url = new URL(req.url);
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0].trim() || url.protocol.replace(":", "");
  const host = req.headers.get("x-forwarded-host")?.split(",")[0].trim() || req.headers.get("host") || url.host;
  return `${proto}://${host}`;
}

export function withRequestContext<T>(req: Request, fn: () => T): T {
  return storage.run({ origin: publicOrigin(req) }, fn);
}

/** The current request's public origin, for serializers that must hand out absolute URLs. */
export function currentOrigin(): string {
  return storage.getStore()?.origin ?? (process.env.MREG_PUBLIC_URL || "http://localhost:3000").replace(/\/+$/, "");
}
