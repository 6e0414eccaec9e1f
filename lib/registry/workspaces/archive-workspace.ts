import "server-only";
import { Prisma } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { write } from "../write";
import { assertMutable } from "./guards";
import { workspaceChangedEvent } from "./history";
import { lockWorkspaceOrThrow, workspacesWhere, type TWorkspace, type TWorkspaceKey } from "./select";

type Options = { actor: Actor; workspace: TWorkspaceKey };

/**
 * Archiving hides nothing and deletes nothing: the workspace's models stay readable and
 * editable, but no model is created in it or moved into it until it is unarchived.
 */
async function setArchived({ actor, workspace: ref }: Options, archived: boolean): Promise<TWorkspace> {
  return write({ actor: signedIn(actor) }, async ({ tx, actor: who, record }) => {
    const before = await lockWorkspaceOrThrow(tx, ref);
    await authorize(tx, who, "workspace.manage", before.id);
    assertMutable(before, archived ? "archived" : "unarchived");
    if (before.archived === archived) return before; // idempotent: nothing changed, nothing recorded
    await tx.workspace.update({ where: { id: before.id }, data: { archived } });
    const [after] = await workspacesWhere(Prisma.sql`w.id = ${before.id}`, undefined, tx);
    record(workspaceChangedEvent(before, after, archived ? "ARCHIVE" : "UNARCHIVE"));
    return after;
  });
}

export const archiveWorkspace = (opts: Options) => setArchived(opts, true);
export const unarchiveWorkspace = (opts: Options) => setArchived(opts, false);
