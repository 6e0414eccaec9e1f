import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { notFound } from "../errors";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { versionNumber } from "./get-version";
import { recordVersionEvent } from "./history";
import { toVersion, versionSelect } from "./select";

/** Deregisters one version. Its number is never reused; the checkpoint stays. */
export async function deleteVersion(modelRef: string | number, n: number | string, actor?: Actor): Promise<void> {
  const who = await signedIn(actor);
  const version = versionNumber(n);
  await db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, modelRef);
    await authorize(tx, who, "version.delete", model.workspaceId);
    assertNotArchived(model, "changed (its versions included)");
    const row = await tx.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } }, select: versionSelect });
    if (!row) throw notFound(`Version ${version} of model "${model.name}"`);
    const { count } = await tx.modelVersion.deleteMany({ where: { id: row.id } });
    // A concurrent delete of the same version won the race: report it as gone, record nothing.
    if (count === 0) throw notFound(`Version ${version} of model "${model.name}"`);
    await recordVersionEvent(tx, who, "DELETE", toVersion(row));
    await tx.model.update({
      where: { id: model.id },
      data: { numVersions: { decrement: 1 }, lastUpdatedTime: new Date() },
    });
  });
}
