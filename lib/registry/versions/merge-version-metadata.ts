import "server-only";
import { ZMetadataMerge, type TMetadataMerge } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { applyMetadataMerge } from "../metadata-merge";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { write } from "../write";
import { versionNumber } from "./get-version";
import { versionChangedEvent } from "./history";
import { lockVersionOrThrow } from "./lock-version";
import { toVersion, versionSelect, type TModelVersion } from "./select";

/** Sets and removes top-level metadata keys of a version on the server, as mergeModelMetadata does for models. */
export async function mergeVersionMetadata(
  { actor, model: modelRef, version: n, input }: { actor: Actor; model: string | number; version: number | string; input: TMetadataMerge },
): Promise<TModelVersion> {
  signedIn(actor);
  const merge = parse(ZMetadataMerge, input);
  const version = versionNumber(n);
  return write({ actor }, async ({ tx, actor: who, record }) => {
    const model = await findModelOrThrow(tx, modelRef);
    await authorize(tx, who, "version.edit", model.workspaceId);
    assertNotArchived(model);
    const before = await lockVersionOrThrow(tx, model, version);
    if (!(await applyMetadataMerge(tx, "model_versions", before.id, merge))) return before;
    const after = toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: before.id }, select: versionSelect }));
    record(versionChangedEvent(before, after));
    return after;
  });
}
