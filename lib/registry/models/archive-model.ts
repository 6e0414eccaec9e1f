import "server-only";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { write } from "../write";
import { modelChangedEvent } from "./history";
import { bumpModelCounts } from "./model-counts";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

type Options = { actor: Actor; model: string | number };

async function setArchived({ actor, model: ref }: Options, archived: boolean): Promise<TModel> {
  return write({ actor: signedIn(actor) }, async ({ tx, actor: who, record }) => {
    const before = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.archive", before.workspaceId);
    if (before.archived === archived) return before; // idempotent: nothing changed, nothing recorded
    const after = toModel(await tx.model.update({
      where: { id: before.id },
      data: { archived, revision: { increment: 1 }, lastUpdatedTime: new Date() },
      select: modelSelect,
    }));
    record(modelChangedEvent(before, after, archived ? "ARCHIVE" : "UNARCHIVE"));
    await bumpModelCounts(tx, { archived: archived ? 1 : -1 });
    return after;
  });
}

export const archiveModel = (opts: Options) => setArchived(opts, true);
export const unarchiveModel = (opts: Options) => setArchived(opts, false);
