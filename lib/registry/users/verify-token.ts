import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import { tokenHash } from "./tokens";

/**
 * The actor a bearer token belongs to; unknown, expired or deactivated: UNAUTHENTICATED.
 * One query (the token is an EXISTS on the user) since every API request pays for it.
 */
export async function verifyToken(token: string): Promise<Actor> {
  const user = await db().user.findFirst({
    where: { apiTokens: { some: { tokenHash: tokenHash(token), expiresAt: { gt: new Date() } } } },
    select: { id: true, username: true, admin: true, active: true },
  });
  if (!user) throw new RegistryError("UNAUTHENTICATED", "The token is invalid or has expired; log in again.");
  if (!user.active) throw new RegistryError("UNAUTHENTICATED", `User "${user.username}" is deactivated.`);
  return { userId: user.id, username: user.username, admin: user.admin };
}
