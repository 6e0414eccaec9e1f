import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { signedInAdmin } from "../auth/authorize";
import type { TRoleAssignment } from "./set-workspace-role";

/** Every explicit role assignment, by workspace then username. */
export const listWorkspaceRoles = edge(async function listWorkspaceRoles({ actor }: { actor: Actor }): Promise<TRoleAssignment[]> {
  signedInAdmin(actor);
  const rows = await db().workspaceRole.findMany({
    select: { role: true, user: { select: { id: true, username: true } }, workspace: { select: { id: true, name: true } } },
    orderBy: [{ workspace: { name: "asc" } }, { user: { username: "asc" } }],
  });
  return rows.map((r) => ({ username: r.user.username, userId: r.user.id, workspace: r.workspace.name, workspaceId: r.workspace.id, role: r.role }));
});
