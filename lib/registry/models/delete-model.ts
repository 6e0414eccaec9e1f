import "server-only";
import { signedIn, type Actor } from "../actor";
import { authorizeDelete } from "../auth/authorize";
import { releaseModelAliases } from "../aliases/release-aliases";
import { write } from "../write";
import { modelDeletedEvent } from "./history";
import { bumpModelCounts } from "./model-counts";
import { lockModelOrThrow } from "./select";

/**
 * Deletes the model and its versions; the checkpoints they pointed at stay. Its history
 * stays too. Refused (409) while one of its versions holds a protected alias; refused (403)
 * to anyone but its creator, the workspace's admins and administrators.
 */
export async function deleteModel({ actor, model: ref }: { actor: Actor; model: string | number }): Promise<void> {
  await write({ actor: signedIn(actor) }, async ({ tx, actor: who, record }) => {
    const model = await lockModelOrThrow(tx, ref);
    // Its creator, the workspace's admins and administrators (auth/delete-rule.ts).
    await authorizeDelete(tx, who, model.workspaceId, { kind: "model", modelCreatorId: model.userId }, `model "${model.name}"`);
    // A protected alias refuses the deletion; the others are removed, and recorded, first.
    await releaseModelAliases({ tx, actor: who, record }, model);
    await tx.modelVersion.deleteMany({ where: { modelId: model.id } });
    await tx.model.delete({ where: { id: model.id } });
    record(modelDeletedEvent(model));
    // The row was locked above, so `archived` is the state being deleted.
    await bumpModelCounts(tx, { all: -1, archived: model.archived ? -1 : 0 });
  });
}
