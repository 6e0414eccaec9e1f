import { SESSION_COOKIE } from "../auth/session-cookie";
import { verifyToken, type Actor } from "../registry";
import { authenticate, bearerToken } from "./auth";

/**
 * Who is downloading: clients send a bearer token, the web UI's Download links can
 * only carry the session cookie. A download has no side effects, so the cookie is
 * accepted for it; uploads and every change stay bearer-only (or server actions).
 */
export async function downloadActor(req: Request): Promise<Actor> {
  if (bearerToken(req)) return authenticate(req);
  const session = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.get("cookie") ?? "")?.[1];
  if (session) return verifyToken(decodeURIComponent(session));
  return authenticate(req); // 401 with the contract's message
}
