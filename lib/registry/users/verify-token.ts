import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import { tokenHash } from "./tokens";

/** The actor a bearer token belongs to; unknown, expired or deactivated: UNAUTHENTICATED. */
export async function verifyToken(token: string): Promise<Actor> {
  const row = await db().apiToken.findUnique({
    where: { tokenHash: tokenHash(token) },
    select: { expiresAt: true, user: { select: { id: true, username: true, admin: true, active: true } } },
  });
  if (!row || row.expiresAt.getTime() <= Date.now()) {
    throw new RegistryError("UNAUTHENTICATED", "The token is invalid or has expired; log in again.");
  }
  if (!row.user.active) throw new RegistryError("UNAUTHENTICATED", `User "${row.user.username}" is deactivated.`);
  return { userId: row.user.id, username: row.user.username, admin: row.user.admin };
}
