import "server-only";
import { z } from "zod";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { notFound, parse } from "../errors";
import { recordHistory } from "../history/record-history";
import { ROLES, requireAdmin, signedIn, type TRole } from "./authorize";

const ZSetRole = z.object({
  username: z.string({ error: "Username is required." }).min(1, "Username is required."),
  workspace: z.string({ error: "Workspace is required." }).min(1, "Workspace is required."),
  /** null removes the user's role in the workspace. */
  role: z.enum(ROLES as [TRole, ...TRole[]], { error: "Role must be viewer, editor or admin." }).nullable(),
});
export type TSetRole = z.input<typeof ZSetRole>;

export type TRoleAssignment = { username: string; userId: number; workspace: string; workspaceId: number; role: TRole };

/** Gives a user a role in a workspace (or removes it); admins only, recorded in history. */
export async function setWorkspaceRole(input: TSetRole, actor?: Actor): Promise<TRoleAssignment | null> {
  const who = await signedIn(actor);
  requireAdmin(who);
  const data = parse(ZSetRole, { ...(input as object), role: typeof input?.role === "string" ? input.role.toUpperCase() : input?.role });
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    const ws = await tx.workspace.findUnique({ where: { name: data.workspace }, select: { id: true, name: true } });
    if (!ws) throw notFound(`Workspace "${data.workspace}"`);
    const key = { userId_workspaceId: { userId: user.id, workspaceId: ws.id } };
    const before = await tx.workspaceRole.findUnique({ where: key, select: { role: true } });
    if ((before?.role ?? null) === data.role) {
      return data.role ? { username: user.username, userId: user.id, workspace: ws.name, workspaceId: ws.id, role: data.role } : null;
    }
    if (data.role) {
      await tx.workspaceRole.upsert({ where: key, create: { userId: user.id, workspaceId: ws.id, role: data.role }, update: { role: data.role } });
    } else {
      await tx.workspaceRole.delete({ where: key });
    }
    const change: { field: string; before?: unknown; after?: unknown } = { field: `workspace.${ws.name}` };
    if (before) change.before = before.role;
    if (data.role) change.after = data.role;
    await recordHistory(tx, who, {
      objectType: "ROLE", objectId: `${user.id}/${ws.id}`, objectKey: `${user.username} in ${ws.name}`,
      action: data.role ? "ROLE_SET" : "ROLE_REMOVE", changes: [change],
    });
    return data.role ? { username: user.username, userId: user.id, workspace: ws.name, workspaceId: ws.id, role: data.role } : null;
  });
}

/** Every explicit role assignment, by workspace then username. */
export async function listWorkspaceRoles(actor?: Actor): Promise<TRoleAssignment[]> {
  requireAdmin(await signedIn(actor));
  const rows = await db().workspaceRole.findMany({
    select: { role: true, user: { select: { id: true, username: true } }, workspace: { select: { id: true, name: true } } },
    orderBy: [{ workspace: { name: "asc" } }, { user: { username: "asc" } }],
  });
  return rows.map((r) => ({ username: r.user.username, userId: r.user.id, workspace: r.workspace.name, workspaceId: r.workspace.id, role: r.role }));
}

/** Roles of one user, for "what can I do" displays; nobody else's. */
export async function myRoles(actor: Actor): Promise<{ admin: boolean; roles: Record<string, TRole> }> {
  if (actor.anonymous) return { admin: false, roles: {} };
  const rows = await db().workspaceRole.findMany({ where: { userId: actor.userId }, select: { role: true, workspace: { select: { name: true } } } });
  return { admin: actor.admin, roles: Object.fromEntries(rows.map((r) => [r.workspace.name, r.role])) };
}

/** Workspace names, for role pickers. */
export async function listWorkspaceNames(): Promise<string[]> {
  return (await db().workspace.findMany({ select: { name: true }, orderBy: { name: "asc" } })).map((w) => w.name);
}
