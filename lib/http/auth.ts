import { RegistryError, verifyToken, type Actor } from "../registry";

/** The bearer token of a request, or null. Determined's clients send `Authorization: Bearer <token>`. */
export function bearerToken(req: Request): string | null {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Resolves who is calling; a missing, unknown or expired token is UNAUTHENTICATED (401). */
export async function authenticate(req: Request): Promise<Actor> {
  const token = bearerToken(req);
  if (!token) {
    throw new RegistryError("UNAUTHENTICATED", "Authentication required: send `Authorization: Bearer <token>` (POST /api/v1/auth/login).");
  }
  return verifyToken(token);
}
