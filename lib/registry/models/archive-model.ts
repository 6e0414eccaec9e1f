import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { recordModelChanged } from "./history";
import { bumpModelCounts } from "./model-counts";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

async function setArchived(ref: string | number, archived: boolean, actor?: Actor): Promise<TModel> {
  const who = await signedIn(actor);
  return db().$transaction(async (tx) => {
    const before = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.archive", before.workspaceId);
    if (before.archived === archived) return before; // idempotent: nothing changed, nothing recorded
    const after = toModel(await tx.model.update({
      where: { id: before.id },
      data: { archived, revision: { increment: 1 }, lastUpdatedTime: new Date() },
      select: modelSelect,
    }));
    await recordModelChanged(tx, who, before, after, archived ? "ARCHIVE" : "UNARCHIVE");
    await bumpModelCounts(tx, { archived: archived ? 1 : -1 });
    return after;
  });
}

export const archiveModel = (ref: string | number, actor?: Actor) => setArchived(ref, true, actor);
export const unarchiveModel = (ref: string | number, actor?: Actor) => setArchived(ref, false, actor);
