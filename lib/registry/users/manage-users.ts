import "server-only";
import { db } from "../../db/client";
import { ZCreateApiToken, ZCreateUser, ZResetPassword, type TCreateApiToken, type TCreateUser, type TResetPassword } from "../../schemas";
import type { Actor } from "../actor";
import { requireAdmin, signedIn, type TRole } from "../auth/authorize";
import { RegistryError, notFound, parse, translateDbError } from "../errors";
import { recordHistory } from "../history/record-history";
import { clientHash, hashPassword } from "./password";
import { userSelect, type TUser } from "./select";
import { forgetTokens } from "./token-cache";
import { newToken, tokenHash } from "./tokens";

export type TUserWithRoles = TUser & { roles: Record<string, TRole> };
export type TTokenInfo = { id: number; username: string; kind: "LOGIN" | "SESSION" | "API"; name: string; createdAt: Date; expiresAt: Date };

async function admin(actor?: Actor): Promise<Actor> {
  const who = await signedIn(actor);
  requireAdmin(who);
  return who;
}

export async function listUsers(actor?: Actor): Promise<TUserWithRoles[]> {
  await admin(actor);
  const rows = await db().user.findMany({
    select: { ...userSelect, roles: { select: { role: true, workspace: { select: { name: true } } } } },
    orderBy: { username: "asc" },
  });
  return rows.map(({ roles, ...u }) => ({ ...u, roles: Object.fromEntries(roles.map((r) => [r.workspace.name, r.role])) }));
}

export async function createUser(input: TCreateUser, actor?: Actor): Promise<TUser> {
  const who = await admin(actor);
  const data = parse(ZCreateUser, input);
  const passwordHash = await hashPassword(clientHash(data.password));
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: data.username, displayName: data.displayName, admin: data.admin, passwordHash },
        select: userSelect,
      });
      await recordHistory(tx, who, {
        objectType: "USER", objectId: user.id, objectKey: user.username, action: "CREATE",
        changes: [{ field: "username", after: user.username }, { field: "displayName", after: user.displayName }, { field: "admin", after: user.admin }],
      });
      return user;
    });
  } catch (err) {
    translateDbError(err, { unique: `A user named "${data.username}" already exists.` });
  }
}

/** Sets a new password and signs the user out everywhere (all their tokens and sessions). */
export async function resetPassword(input: TResetPassword, actor?: Actor): Promise<void> {
  const who = await admin(actor);
  const data = parse(ZResetPassword, input);
  const passwordHash = await hashPassword(clientHash(data.password));
  const userId = await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const { count } = await tx.apiToken.deleteMany({ where: { userId: user.id } });
    // The hash itself is never recorded; that it changed, and how many sign-ins ended, is.
    await recordHistory(tx, who, {
      objectType: "USER", objectId: user.id, objectKey: user.username, action: "PASSWORD_RESET",
      changes: [{ field: "password", before: "(set)", after: "(reset)" }, { field: "tokensRevoked", after: count }],
    });
    return user.id;
  });
  forgetTokens({ userId });
}

/** A named API token for a script; the token is returned once and only its SHA-256 is kept. */
export async function createApiToken(input: TCreateApiToken, actor?: Actor): Promise<{ token: string; info: TTokenInfo }> {
  const who = await admin(actor);
  const data = parse(ZCreateApiToken, input);
  const token = newToken();
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    const row = await tx.apiToken.create({
      data: { tokenHash: tokenHash(token), userId: user.id, kind: "API", name: data.name, expiresAt: new Date(Date.now() + data.days * 86_400_000) },
    });
    await recordHistory(tx, who, {
      objectType: "USER", objectId: user.id, objectKey: user.username, action: "UPDATE",
      changes: [{ field: `apiToken.${data.name}`, after: `expires ${row.expiresAt.toISOString()}` }],
    });
    return { token, info: { id: row.id, username: user.username, kind: "API", name: row.name, createdAt: row.createdAt, expiresAt: row.expiresAt } };
  });
}

/** Unexpired tokens and sessions of every user, newest first. */
export async function listTokens(actor?: Actor): Promise<TTokenInfo[]> {
  await admin(actor);
  const rows = await db().apiToken.findMany({
    where: { expiresAt: { gt: new Date() } },
    select: { id: true, kind: true, name: true, createdAt: true, expiresAt: true, user: { select: { username: true } } },
    orderBy: { id: "desc" },
  });
  return rows.map(({ user, ...t }) => ({ ...t, username: user.username }));
}

/** Revokes a token or ends a session at once: the next request with it is 401. */
export async function revokeToken(id: number, actor?: Actor): Promise<void> {
  const who = await admin(actor);
  if (!Number.isSafeInteger(id) || id < 1) throw new RegistryError("INVALID", "Token id must be a positive whole number.");
  const { tokenHash: hash } = await db().$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id }, select: { kind: true, name: true, tokenHash: true, user: { select: { id: true, username: true } } } });
    if (!row) throw notFound(`Token ${id}`);
    await tx.apiToken.delete({ where: { id } });
    await recordHistory(tx, who, {
      objectType: "USER", objectId: row.user.id, objectKey: row.user.username, action: "UPDATE",
      changes: [{ field: `${row.kind === "API" ? "apiToken" : row.kind.toLowerCase()}.${row.name || id}`, before: "active", after: "revoked" }],
    });
    return row;
  });
  forgetTokens({ hash });
}
