import "server-only";
import { ZMetadataMerge, type TMetadataMerge } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { applyMetadataMerge } from "../metadata-merge";
import { write } from "../write";
import { assertNotArchived } from "./guards";
import { modelChangedEvent } from "./history";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

/**
 * Sets and removes top-level metadata keys of a model on the server (metadata-merge.ts):
 * no read-modify-write on the client, so concurrent scripts adding different keys all
 * keep theirs. History lists each key changed.
 */
export async function mergeModelMetadata(
  { actor, model: ref, input }: { actor: Actor; model: string | number; input: TMetadataMerge },
): Promise<TModel> {
  signedIn(actor);
  const merge = parse(ZMetadataMerge, input);
  return write({ actor }, async ({ tx, actor: who, record }) => {
    const before = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.edit", before.workspaceId);
    assertNotArchived(before);
    if (!(await applyMetadataMerge(tx, "models", before.id, merge))) return before;
    const after = toModel(await tx.model.findUniqueOrThrow({ where: { id: before.id }, select: modelSelect }));
    record(modelChangedEvent(before, after));
    return after;
  });
}
