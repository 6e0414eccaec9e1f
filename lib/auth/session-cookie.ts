// The web session cookie: an opaque random token (stored hashed in api_tokens,
// kind SESSION). httpOnly so page scripts cannot read it, SameSite=Lax so other
// sites cannot post forms with it, Secure whenever the site is served over https.
export const SESSION_COOKIE = "mreg_session";

export function sessionCookieOptions(secure: boolean, expires: Date) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", expires };
}

/** https directly, or behind a proxy that says so. */
export function isHttps(headers: Headers, url?: string): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto) return proto === "https";
  return url ? new URL(url).protocol === "https:" : false;
}

/**
 * The client's address for rate limiting: the last hop of X-Forwarded-For, which
 * Next's own server appends from the socket (a client can forge earlier entries, not
 * the last one).
 */
export function clientAddress(headers: Headers): string {
  const xff = headers.get("x-forwarded-for");
  const last = xff?.split(",").map((s) => s.trim()).filter(Boolean).pop();
  return last || headers.get("x-real-ip") || "unknown";
}

/** Only same-site paths: an open redirect would let a link send a fresh sign-in elsewhere. */
export function safeNext(next: unknown): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}
