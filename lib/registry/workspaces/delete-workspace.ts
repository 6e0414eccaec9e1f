import "server-only";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError } from "../errors";
import { write } from "../write";
import { assertMutable } from "./guards";
import { workspaceDeletedEvent } from "./history";
import { lockWorkspaceOrThrow, type TWorkspaceKey } from "./select";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Deletes an empty workspace (its roles go with it); its admins and administrators only.
 * One that still holds models or experiments is refused with how many, so nothing is
 * deleted by surprise: move or delete them first. The workspace's row lock (taken first)
 * is the one creating or moving a model in takes, so none can arrive in between.
 */
export async function deleteWorkspace({ actor, workspace: ref }: { actor: Actor; workspace: TWorkspaceKey }): Promise<void> {
  await write({ actor: signedIn(actor) }, async ({ tx, actor: who, record }) => {
    const w = await lockWorkspaceOrThrow(tx, ref);
    await authorize(tx, who, "workspace.manage", w.id);
    assertMutable(w, "deleted");
    if (w.numModels || w.numExperiments) {
      const held = [w.numModels ? plural(w.numModels, "model") : "", w.numExperiments ? plural(w.numExperiments, "experiment") : ""]
        .filter(Boolean).join(" and ");
      throw new RegistryError(
        "FAILED_PRECONDITION",
        `Workspace "${w.name}" is not empty: it holds ${held}. Move or delete ${w.numModels + w.numExperiments === 1 ? "it" : "them"} first.`,
        {},
        { numModels: w.numModels, numExperiments: w.numExperiments },
      );
    }
    await tx.workspace.delete({ where: { id: w.id } });
    record(workspaceDeletedEvent(w));
  });
}
