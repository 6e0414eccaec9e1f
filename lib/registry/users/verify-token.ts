import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import { cacheGeneration, cachedActor, rememberActor } from "./token-cache";
import { tokenHash } from "./tokens";

/**
 * The actor a bearer token belongs to; unknown, expired or deactivated: UNAUTHENTICATED.
 * Every API request pays for this, so a verified token is remembered for a few
 * seconds (token-cache.ts); a miss is one query.
 */
export async function verifyToken(token: string): Promise<Actor> {
  const hash = tokenHash(token);
  const cached = cachedActor(hash);
  if (cached) return cached;
  const generation = cacheGeneration();
  const row = await db().apiToken.findFirst({
    where: { tokenHash: hash, expiresAt: { gt: new Date() } },
    select: { expiresAt: true, user: { select: { id: true, username: true, admin: true, active: true } } },
  });
  if (!row) throw new RegistryError("UNAUTHENTICATED", "The token is invalid or has expired; log in again.");
  const { user } = row;
  if (!user.active) throw new RegistryError("UNAUTHENTICATED", `User "${user.username}" is deactivated.`);
  const actor: Actor = { userId: user.id, username: user.username, admin: user.admin };
  rememberActor(hash, actor, row.expiresAt, generation);
  return actor;
}
