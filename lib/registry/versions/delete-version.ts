import "server-only";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { notFound } from "../errors";
import { assertNotArchived } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { versionNumber } from "./get-version";

/** Deregisters one version. Its number is never reused; the checkpoint stays. */
export async function deleteVersion(modelRef: string | number, n: number | string, _actor?: Actor): Promise<void> {
  const version = versionNumber(n);
  await db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, modelRef);
    assertNotArchived(model, "changed (its versions included)");
    const { count } = await tx.modelVersion.deleteMany({ where: { modelId: model.id, version } });
    if (count === 0) throw notFound(`Version ${version} of model "${model.name}"`);
    await tx.model.update({
      where: { id: model.id },
      data: { numVersions: { decrement: 1 }, lastUpdatedTime: new Date() },
    });
  });
}
