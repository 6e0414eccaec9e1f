import "server-only";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { write } from "../write";
import { modelDeletedEvent } from "./history";
import { bumpModelCounts } from "./model-counts";
import { lockModelOrThrow } from "./select";

/** Deletes the model and its versions; the checkpoints they pointed at stay. Its history stays too. */
export async function deleteModel({ actor, model: ref }: { actor: Actor; model: string | number }): Promise<void> {
  await write({ actor: signedIn(actor) }, async ({ tx, actor: who, record }) => {
    const model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.delete", model.workspaceId);
    await tx.modelVersion.deleteMany({ where: { modelId: model.id } });
    await tx.model.delete({ where: { id: model.id } });
    record(modelDeletedEvent(model));
    // The row was locked above, so `archived` is the state being deleted.
    await bumpModelCounts(tx, { all: -1, archived: model.archived ? -1 : 0 });
  });
}
