import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { TRole } from "../../schemas";
import type { Actor } from "../actor";

/** Roles of one user, for "what can I do" displays; nobody else's. */
export const myRoles = edge(async function myRoles({ actor }: { actor: Actor }): Promise<{ admin: boolean; roles: Record<string, TRole> }> {
  // Anonymous, or no actor at all (a caller around the type): no roles, no rights.
  if (!actor?.userId || actor.anonymous) return { admin: false, roles: {} };
  const rows = await db().workspaceRole.findMany({ where: { userId: actor.userId }, select: { role: true, workspace: { select: { name: true } } } });
  return { admin: actor.admin, roles: Object.fromEntries(rows.map((r) => [r.workspace.name, r.role])) };
});
