import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZUpdateVersion, type TUpdateVersion } from "../../schemas";
import type { Actor } from "../actor";
import { authorize, signedIn } from "../auth/authorize";
import { notFound, parse } from "../errors";
import { assertNotArchived, conflictWith } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { versionNumber } from "./get-version";
import { recordVersionChanged } from "./history";
import { toVersion, versionSelect, type TModelVersion } from "./select";

export async function updateVersion(
  modelRef: string | number,
  n: number | string,
  input: TUpdateVersion,
  actor?: Actor,
): Promise<TModelVersion> {
  const who = await signedIn(actor);
  const patch = parse(ZUpdateVersion, input);
  const version = versionNumber(n);
  return db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, modelRef);
    await authorize(tx, who, "version.edit", model.workspaceId);
    assertNotArchived(model);
    // Row lock first: the "before" recorded in history is the row this write replaces.
    const [current] = await tx.$queryRaw<{ id: number; revision: number }[]>`
      SELECT id, revision FROM model_versions WHERE model_id = ${model.id} AND version = ${version} FOR UPDATE`;
    if (!current) throw notFound(`Version ${version} of model "${model.name}"`);
    const before = toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: current.id }, select: versionSelect }));
    const { count } = await tx.modelVersion.updateMany({
      where: { id: current.id, ...(patch.expectedRevision !== undefined ? { revision: patch.expectedRevision } : {}) },
      data: {
        name: patch.name,
        comment: patch.comment,
        notes: patch.notes,
        labels: patch.labels,
        metadata: patch.metadata as Prisma.InputJsonObject | undefined,
        revision: { increment: 1 },
        lastUpdatedTime: new Date(),
      },
    });
    const after = toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: current.id }, select: versionSelect }));
    // A stale expectedRevision matched no row: report the row as it is now.
    if (count === 0) throw conflictWith(after, patch.expectedRevision, `Version ${version} of "${model.name}"`);
    await recordVersionChanged(tx, who, before, after);
    return after;
  });
}
