import "server-only";
import type { Prisma } from "../../db/client";
import { ZUpdateVersion, type TUpdateVersion } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { assertNotArchived, conflictWith } from "../models/guards";
import { findModelOrThrow } from "../models/select";
import { write } from "../write";
import { versionNumber } from "./get-version";
import { versionChangedEvent } from "./history";
import { lockVersionOrThrow } from "./lock-version";
import { toVersion, versionSelect, type TModelVersion } from "./select";

export async function updateVersion(
  { actor, model: modelRef, version: n, input }: { actor: Actor; model: string | number; version: number | string; input: TUpdateVersion },
): Promise<TModelVersion> {
  signedIn(actor);
  const patch = parse(ZUpdateVersion, input);
  const version = versionNumber(n);
  return write({ actor }, async ({ tx, actor: who, record }) => {
    const model = await findModelOrThrow(tx, modelRef);
    await authorize(tx, who, "version.edit", model.workspaceId);
    assertNotArchived(model);
    const before = await lockVersionOrThrow(tx, model, version);
    const { count } = await tx.modelVersion.updateMany({
      where: { id: before.id, ...(patch.expectedRevision !== undefined ? { revision: patch.expectedRevision } : {}) },
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
    const after = toVersion(await tx.modelVersion.findUniqueOrThrow({ where: { id: before.id }, select: versionSelect }));
    // A stale expectedRevision matched no row: report the row as it is now.
    if (count === 0) throw conflictWith(after, patch.expectedRevision, `Version ${version} of "${model.name}"`);
    record(versionChangedEvent(before, after));
    return after;
  });
}
