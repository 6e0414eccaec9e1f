import "server-only";
import { db } from "../db/client";
import { ADMIN_USERNAME } from "./defaults";
import { RegistryError } from "./errors";

/**
 * Who is acting. Every mutation takes one as a required argument: adapters pass the
 * signed-in user (or ANONYMOUS), the registry's own jobs pass systemActor(). There is
 * no default: a call without an actor is refused like an anonymous one, never run
 * with someone's rights (docs/decisions/021-explicit-actors.md).
 */
export type Actor = {
  userId: number;
  username: string;
  admin: boolean;
  anonymous?: boolean;
  /** Only on systemActor(): the job acting, e.g. "demo seed". */
  system?: string;
};

/** Nobody signed in: may read, may not change anything (lib/registry/auth). */
export const ANONYMOUS: Actor = Object.freeze({ userId: 0, username: "anonymous", admin: false, anonymous: true });

/**
 * The actor of the registry's own work where no user is acting: the demo seed,
 * start-up tasks, background jobs. It acts as the built-in administrator (whose
 * account owns what the seed creates and whose name history shows), marked with the
 * job's name. Full rights: adapters never use it, they pass the requester's actor.
 */
export async function systemActor(job: string): Promise<Actor> {
  const user = await db().user.findUnique({ where: { username: ADMIN_USERNAME }, select: { id: true, username: true } });
  if (!user) throw new Error(`The ${ADMIN_USERNAME} user is missing: run the migrations and start-up (ensureDefaults) first.`);
  return Object.freeze({ userId: user.id, username: user.username, admin: true, system: job });
}

/**
 * The actor of a mutation, checked at run time too: the type makes it required, and
 * a caller that gets around the type (a cast, plain JavaScript) is refused here
 * rather than acting with anyone's rights.
 */
export function signedIn(actor: Actor): Actor {
  const a = actor as Partial<Actor> | null | undefined;
  if (!a || typeof a !== "object" || a.anonymous || !Number.isSafeInteger(a.userId) || (a.userId as number) < 1 || typeof a.username !== "string") {
    throw new RegistryError("UNAUTHENTICATED", "Sign in to make changes.");
  }
  return actor;
}
