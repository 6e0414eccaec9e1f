import "server-only";
import { ZMoveModel, type TMoveModel } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { write, type WriteContext } from "../write";
import { assertAcceptsModels } from "../workspaces/guards";
import { lockWorkspaceForShare } from "../workspaces/lock-for-share";
import { assertNotArchived } from "./guards";
import { modelChangedEvent } from "./history";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

/**
 * Moves a model (with its versions and aliases) to another workspace. Needs edit rights
 * in both: the workspace it leaves and the one it enters. Recorded as a MOVE in the
 * model's history. Moving to where it already is changes nothing.
 */
export async function moveModel(
  { actor, model: ref, input }: { actor: Actor; model: string | number; input: TMoveModel },
): Promise<TModel> {
  signedIn(actor);
  const to = parse(ZMoveModel, input);
  return write({ actor }, async (w) => {
    const model = await lockModelOrThrow(w.tx, ref);
    return moveLocked(w, model, to.workspaceId !== undefined ? { id: to.workspaceId } : { name: to.workspaceName! });
  });
}

/**
 * The move itself, for a caller holding the model's row lock (moveModel, and a PATCH that
 * names a workspace, as Determined's `Model.move_to_workspace()` sends). Locks: the model,
 * then the destination workspace (shared, so a workspace being deleted or archived is
 * waited for and then seen as it is).
 */
export async function moveLocked(
  { tx, actor, record }: Pick<WriteContext, "tx" | "actor" | "record">, model: TModel, to: { id: number } | { name: string },
): Promise<TModel> {
  await authorize(tx, actor, "model.move", model.workspaceId);
  const dest = await lockWorkspaceForShare(tx, to);
  await authorize(tx, actor, "model.move", dest.id);
  if (dest.id === model.workspaceId) return model;
  assertNotArchived(model, "moved");
  assertAcceptsModels(dest);
  const after = toModel(await tx.model.update({
    where: { id: model.id },
    data: { workspaceId: dest.id, revision: { increment: 1 }, lastUpdatedTime: new Date() },
    select: modelSelect,
  }));
  record(modelChangedEvent(model, after, "MOVE"));
  return after;
}
