import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import { tokenHash } from "./tokens";

type TokenUser = { id: number; username: string; admin: boolean; active: boolean };

/**
 * The actor a bearer token belongs to; unknown, expired or deactivated: UNAUTHENTICATED.
 * Every API request pays for this, so it is one plain SQL join on the token's unique
 * hash: as a Prisma relation filter it cost ~2.5x the server CPU per request
 * (docs/decisions/017-batched-version-registration.md).
 */
export async function verifyToken(token: string): Promise<Actor> {
  const [user] = await db().$queryRaw<TokenUser[]>`
    SELECT u.id, u.username, u.admin, u.active
      FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ${tokenHash(token)} AND t.expires_at > ${new Date()}`;
  if (!user) throw new RegistryError("UNAUTHENTICATED", "The token is invalid or has expired; log in again.");
  if (!user.active) throw new RegistryError("UNAUTHENTICATED", `User "${user.username}" is deactivated.`);
  return { userId: user.id, username: user.username, admin: user.admin };
}
