import "server-only";
import { db } from "../db/client";

/**
 * Who is acting. Adapters resolve it from a session or token and always pass one
 * (ANONYMOUS when nobody is signed in); absent means the default user and is only
 * for trusted in-process callers (seed, scripts, tests).
 */
export type Actor = { userId: number; username: string; admin: boolean; anonymous?: boolean };

/** Nobody signed in: may read, may not change anything (lib/registry/auth). */
export const ANONYMOUS: Actor = Object.freeze({ userId: 0, username: "anonymous", admin: false, anonymous: true });

export const DEFAULT_WORKSPACE = "Uncategorized";
export const DEFAULT_USERNAME = "admin";

let cachedDefault: Actor | null = null;

export async function defaultActor(): Promise<Actor> {
  if (cachedDefault) return cachedDefault;
  const user = await db().user.findUnique({ where: { username: DEFAULT_USERNAME } });
  if (!user) throw new Error("The default user is missing: run the migrations and start-up (ensureDefaults).");
  cachedDefault = { userId: user.id, username: user.username, admin: user.admin };
  return cachedDefault;
}

export async function resolveActor(actor?: Actor): Promise<Actor> {
  return actor ?? defaultActor();
}
