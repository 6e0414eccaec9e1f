import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZUpdateVersion, type TUpdateVersion } from "../../schemas";
import type { Actor } from "../actor";
import { notFound, parse } from "../errors";
import { assertNotArchived, assertRevision } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { versionNumber } from "./get-version";
import { toVersion, versionSelect, type TModelVersion } from "./select";

export async function updateVersion(
  modelRef: string | number,
  n: number | string,
  input: TUpdateVersion,
  _actor?: Actor,
): Promise<TModelVersion> {
  const patch = parse(ZUpdateVersion, input);
  const version = versionNumber(n);
  return db().$transaction(async (tx) => {
    const model = await findModelOrThrow(tx, modelRef);
    assertNotArchived(model);
    const current = await tx.modelVersion.findUnique({
      where: { modelId_version: { modelId: model.id, version } },
      select: { id: true, revision: true },
    });
    if (!current) throw notFound(`Version ${version} of model "${model.name}"`);
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
    if (count === 0) assertRevision(current.revision, patch.expectedRevision, `Version ${version} of "${model.name}"`);
    return toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: current.id }, select: versionSelect }));
  });
}
