import "server-only";
import { signedIn, type Actor } from "../actor";
import { releaseVersionAliases } from "../aliases/release-aliases";
import { authorize, authorizeDelete } from "../auth/authorize";
import { notFound } from "../errors";
import { assertNotArchived } from "../models/guards";
import { lockModelOrThrow } from "../models/select";
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
    // Locks in the order every version change takes them: model, version, then its
    // aliases (releaseVersionAliases takes the first two again, which costs nothing).
    const model = await lockModelOrThrow(tx, modelRef);
    const [locked] = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM model_versions WHERE model_id = ${model.id} AND version = ${version} FOR UPDATE`;
    const row = locked ? await tx.modelVersion.findUnique({ where: { id: locked.id }, select: versionSelect }) : null;
    if (!row) {
      // Say "not found" only to someone who may see the model change at all.
      await authorize(tx, who, "version.delete-own", model.workspaceId);
      assertNotArchived(model, "changed (its versions included)");
      throw notFound(`Version ${version} of model "${model.name}"`);
    }
    await authorizeDelete(
      tx, who, model.workspaceId,
      { kind: "version", versionCreatorId: row.userId, modelCreatorId: model.userId }, `version ${version} of model "${model.name}"`,
    );
    assertNotArchived(model, "changed (its versions included)");
    await releaseVersionAliases({ tx, actor: who, record }, model, version);
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
