import "server-only";
import { signedIn, type Actor } from "../actor";
import { releaseVersionAliases } from "../aliases/release-aliases";
import { authorize } from "../auth/authorize";
import { notFound } from "../errors";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { write } from "../write";
import { versionNumber } from "./get-version";
import { versionEvent } from "./history";
import { toVersion, versionSelect } from "./select";

/**
 * Deregisters one version. Its number is never reused; the checkpoint stays. Aliases on
 * it are removed with it (recorded), unless one is protected: then nothing changes (409).
 */
export async function deleteVersion(
  { actor, model: modelRef, version: n }: { actor: Actor; model: string | number; version: number | string },
): Promise<void> {
  signedIn(actor);
  const version = versionNumber(n);
  await write({ actor }, async ({ tx, actor: who, record }) => {
    const model = await findModelOrThrow(tx, modelRef);
    await authorize(tx, who, "version.delete", model.workspaceId);
    assertNotArchived(model, "changed (its versions included)");
    await releaseVersionAliases({ tx, actor: who, record }, model, version);
    const row = await tx.modelVersion.findUnique({ where: { modelId_version: { modelId: model.id, version } }, select: versionSelect });
    if (!row) throw notFound(`Version ${version} of model "${model.name}"`);
    const { count } = await tx.modelVersion.deleteMany({ where: { id: row.id } });
    // A concurrent delete of the same version won the race: report it as gone, record nothing.
    if (count === 0) throw notFound(`Version ${version} of model "${model.name}"`);
    record(versionEvent("DELETE", toVersion(row)));
    await tx.model.update({
      where: { id: model.id },
      data: { numVersions: { decrement: 1 }, lastUpdatedTime: new Date() },
    });
  });
}
