import "server-only";
import { Prisma } from "../../db/client";
import { ZRenameWorkspace, type TRenameWorkspace } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { write } from "../write";
import { assertMutable } from "./guards";
import { workspaceChangedEvent } from "./history";
import { lockWorkspaceOrThrow, workspacesWhere, type TWorkspace, type TWorkspaceKey } from "./select";

/** Renames a workspace; its admins and administrators only. */
export async function renameWorkspace(
  { actor, workspace: ref, input }: { actor: Actor; workspace: TWorkspaceKey; input: TRenameWorkspace },
): Promise<TWorkspace> {
  signedIn(actor);
  const { name } = parse(ZRenameWorkspace, input);
  const violations = { unique: `A workspace named "${name}" already exists.` };
  return write({ actor, violations }, async ({ tx, actor: who, record }) => {
    const before = await lockWorkspaceOrThrow(tx, ref);
    await authorize(tx, who, "workspace.manage", before.id);
    assertMutable(before, "renamed");
    if (before.name === name) return before;
    await tx.workspace.update({ where: { id: before.id }, data: { name } });
    const [after] = await workspacesWhere(Prisma.sql`w.id = ${before.id}`, undefined, tx);
    record(workspaceChangedEvent(before, after));
    return after;
  });
}
