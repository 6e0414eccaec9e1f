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
