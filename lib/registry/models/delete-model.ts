import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { recordModelDeleted } from "./history";
import { bumpModelCounts } from "./model-counts";
import { lockModelOrThrow } from "./select";

/** Deletes the model and its versions; the checkpoints they pointed at stay. Its history stays too. */
export async function deleteModel(ref: string | number, actor?: Actor): Promise<void> {
  const who = await signedIn(actor);
  await db().$transaction(async (tx) => {
    const model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.delete", model.workspaceId);
    await tx.modelVersion.deleteMany({ where: { modelId: model.id } });
    await tx.model.delete({ where: { id: model.id } });
    await recordModelDeleted(tx, who, model);
    // The row was locked above, so `archived` is the state being deleted.
    await bumpModelCounts(tx, { all: -1, archived: model.archived ? -1 : 0 });
  });
}
