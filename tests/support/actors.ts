import { db } from "../../lib/db/client";
import type { Actor } from "../../lib/registry";

/**
 * The built-in administrator as an actor, for test set-up that is not the flow under
 * test, read from whichever database this process points at. Tests pass it
 * explicitly: no domain call has a default actor.
 */
export async function adminActor(): Promise<Actor> {
  const user = await db().user.findUniqueOrThrow({ where: { username: "admin" } });
  return { userId: user.id, username: user.username, admin: true };
}
