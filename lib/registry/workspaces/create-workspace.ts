import "server-only";
import { Prisma } from "../../db/client";
import { ZCreateWorkspace, type TCreateWorkspace } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { parse } from "../errors";
import { write } from "../write";
import { workspaceCreatedEvent } from "./history";
import { workspacesWhere, type TWorkspace } from "./select";

/**
 * Creates a workspace. Any signed-in user may, as in Determined: they own it and become
 * its admin (a role row, recorded like any role change), so they can give others roles
 * there and create models in it without asking an administrator.
 */
export async function createWorkspace({ actor, input }: { actor: Actor; input: TCreateWorkspace }): Promise<TWorkspace> {
  signedIn(actor);
  const { name } = parse(ZCreateWorkspace, input);
  const violations = { unique: `A workspace named "${name}" already exists.` };
  return write({ actor, violations }, async ({ tx, actor: who, record }) => {
    const { id } = await tx.workspace.create({ data: { name, userId: who.userId }, select: { id: true } });
    await tx.workspaceRole.create({ data: { userId: who.userId, workspaceId: id, role: "ADMIN" } });
    const [workspace] = await workspacesWhere(Prisma.sql`w.id = ${id}`, undefined, tx);
    record(workspaceCreatedEvent(workspace));
    record({
      objectType: "ROLE", objectId: `${who.userId}/${id}`, objectKey: `${who.username} in ${name}`,
      action: "ROLE_SET", changes: [{ field: `workspace.${name}`, after: "ADMIN" }],
    });
    return workspace;
  });
}
