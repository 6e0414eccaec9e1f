import "server-only";
import { ZSetRole, type TRole, type TSetRole } from "../../schemas";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import { notFound, parse } from "../errors";
import { write } from "../write";

export type TRoleAssignment = { username: string; userId: number; workspace: string; workspaceId: number; role: TRole };

/** Gives a user a role in a workspace (or removes it); admins only, recorded in history. */
export async function setWorkspaceRole({ actor, input }: { actor: Actor; input: TSetRole }): Promise<TRoleAssignment | null> {
  signedInAdmin(actor);
  const data = parse(ZSetRole, { ...(input as object), role: typeof input?.role === "string" ? input.role.toUpperCase() : input?.role });
  return write({ actor }, async ({ tx, record }) => {
    const user = await tx.user.findUnique({ where: { username: data.username }, select: { id: true, username: true } });
    if (!user) throw notFound(`User "${data.username}"`);
    const ws = await tx.workspace.findUnique({ where: { name: data.workspace }, select: { id: true, name: true } });
    if (!ws) throw notFound(`Workspace "${data.workspace}"`);
    const assignment = data.role ? { username: user.username, userId: user.id, workspace: ws.name, workspaceId: ws.id, role: data.role } : null;
    const key = { userId_workspaceId: { userId: user.id, workspaceId: ws.id } };
    const before = await tx.workspaceRole.findUnique({ where: key, select: { role: true } });
    if ((before?.role ?? null) === data.role) return assignment;
    if (data.role) {
      await tx.workspaceRole.upsert({ where: key, create: { userId: user.id, workspaceId: ws.id, role: data.role }, update: { role: data.role } });
    } else {
      await tx.workspaceRole.delete({ where: key });
    }
    const change: { field: string; before?: unknown; after?: unknown } = { field: `workspace.${ws.name}` };
    if (before) change.before = before.role;
    if (data.role) change.after = data.role;
    record({
      objectType: "ROLE", objectId: `${user.id}/${ws.id}`, objectKey: `${user.username} in ${ws.name}`,
      action: data.role ? "ROLE_SET" : "ROLE_REMOVE", changes: [change],
    });
    return assignment;
  });
}
