import "server-only";
import type { Prisma } from "../../db/client";
import { ZUpdateModel, type TUpdateModel } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError, parse } from "../errors";
import { write } from "../write";
import { assertNotArchived, conflictWith } from "./guards";
import { modelChangedEvent } from "./history";
import { lockModelOrThrow, modelSelect, toModel, type TModel } from "./select";

/**
 * Edits name, description, labels, notes, metadata (replaced whole) or workspace.
 * With `expectedRevision`, a save based on a stale copy is refused (CONFLICT).
 */
export async function updateModel(
  { actor, model: ref, input }: { actor: Actor; model: string | number; input: TUpdateModel },
): Promise<TModel> {
  signedIn(actor);
  const patch = parse(ZUpdateModel, input);
  const violations = { unique: `A model named "${patch.name}" already exists.` };
  return write({ actor, violations }, async ({ tx, actor: who, record }) => {
    const model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.edit", model.workspaceId);
    assertNotArchived(model);
    let workspaceId: number | undefined;
    if (patch.workspace !== undefined) {
      const ws = await tx.workspace.findUnique({ where: { name: patch.workspace } });
      if (!ws) throw new RegistryError("NOT_FOUND", `Workspace "${patch.workspace}" not found.`);
      workspaceId = ws.id;
      await authorize(tx, who, "model.create", ws.id); // moving in is creating there
    }
    // Conditional on the revision so two concurrent saves cannot both succeed.
    const { count } = await tx.model.updateMany({
      where: { id: model.id, ...(patch.expectedRevision !== undefined ? { revision: patch.expectedRevision } : {}) },
      data: {
        name: patch.name,
        description: patch.description,
        labels: patch.labels,
        notes: patch.notes,
        metadata: patch.metadata as Prisma.InputJsonObject | undefined,
        workspaceId,
        revision: { increment: 1 },
        lastUpdatedTime: new Date(),
      },
    });
    const after = toModel(await tx.model.findUniqueOrThrow({ where: { id: model.id }, select: modelSelect }));
    if (count === 0) throw conflictWith(after, patch.expectedRevision, `Model "${model.name}"`);
    record(modelChangedEvent(model, after));
    return after;
  });
}
