import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { ANONYMOUS, RegistryError, verifyToken, type Actor } from "@/lib/registry";
import { SESSION_COOKIE } from "./session-cookie";

/**
 * The user behind the current request, from the session cookie. Signed out, or a
 * session that expired or was revoked: ANONYMOUS, which the domain refuses for
 * every change. Every server action passes this to the domain.
 */
export async function currentActor(): Promise<Actor> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return ANONYMOUS;
  try {
    return await verifyToken(token);
  } catch (err) {
    if (err instanceof RegistryError && err.code === "UNAUTHENTICATED") return ANONYMOUS;
    throw err; // e.g. the database is down: an error page, not a silent sign-out
  }
}

/** For pages: the signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireSignedIn(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor.anonymous) return actor;
  const path = (await headers()).get("x-mreg-path") ?? "/";
  redirect(`/sign-in?next=${encodeURIComponent(path)}`);
}
