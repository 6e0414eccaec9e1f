import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";

export type TTokenInfo = { id: number; username: string; kind: "LOGIN" | "SESSION" | "API"; name: string; createdAt: Date; expiresAt: Date };

/** Unexpired tokens and sessions of every user, newest first. */
export const listTokens = edge(async function listTokens({ actor }: { actor: Actor }): Promise<TTokenInfo[]> {
  signedInAdmin(actor);
  const rows = await db().apiToken.findMany({
    where: { expiresAt: { gt: new Date() } },
    select: { id: true, kind: true, name: true, createdAt: true, expiresAt: true, user: { select: { username: true } } },
    orderBy: { id: "desc" },
  });
  return rows.map(({ user, ...t }) => ({ ...t, username: user.username }));
});
