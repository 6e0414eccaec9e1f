import "server-only";
import type { Prisma } from "../../db/client";
import { ZUpdateModel, type TUpdateModel } from "../../schemas";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { write } from "../write";
import { assertNotArchived, conflictWith } from "./guards";
import { modelChangedEvent } from "./history";
import { moveLocked } from "./move-model";
import { lockModelOrThrow, modelInTx, type TModel } from "./select";

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
    let model = await lockModelOrThrow(tx, ref);
    await authorize(tx, who, "model.edit", model.workspaceId);
    assertNotArchived(model);
    // A patch that names a workspace moves the model (Determined's Model.move_to_workspace()):
    // the move's own rules and its MOVE record, then the other fields as an UPDATE.
    let expected = patch.expectedRevision;
    if (patch.workspace !== undefined) {
      // Checked before the move, which bumps the revision; the row stays locked after it.
      if (expected !== undefined && expected !== model.revision) throw conflictWith(model, expected, `Model "${model.name}"`);
      const moved = await moveLocked({ tx, actor: who, record }, model, typeof patch.workspace === "number" ? { id: patch.workspace } : { name: patch.workspace });
      const others = ["name", "description", "labels", "notes", "metadata"].some((f) => patch[f as keyof typeof patch] !== undefined);
      if (moved !== model && !others) return moved;
      model = moved;
      expected = expected === undefined ? undefined : model.revision;
    }
    // Conditional on the revision so two concurrent saves cannot both succeed.
    const { count } = await tx.model.updateMany({
      where: { id: model.id, ...(expected !== undefined ? { revision: expected } : {}) },
      data: {
        name: patch.name,
        description: patch.description,
        labels: patch.labels,
        notes: patch.notes,
        metadata: patch.metadata as Prisma.InputJsonObject | undefined,
        revision: { increment: 1 },
        lastUpdatedTime: new Date(),
      },
    });
    const after = await modelInTx(tx, model.id);
    if (count === 0) throw conflictWith(after, expected, `Model "${model.name}"`);
    record(modelChangedEvent(model, after));
    return after;
  });
}
