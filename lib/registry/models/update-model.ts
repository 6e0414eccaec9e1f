import "server-only";
import { ZUpdateModel, type TUpdateModel } from "../../schemas";
import type { z } from "zod";
import { signedIn, type Actor } from "../actor";
import { authorize, authorizeRole } from "../auth/authorize";
import { parse } from "../errors";
import { write, type WriteContext } from "../write";
import { assertNotArchived, conflictWith } from "./guards";
import { modelChangedEvent } from "./history";
import { moveLocked } from "./move-model";
import { lockModelForEdit, updateModelColumns } from "./edit-row";
import { lockModelOrThrow, modelInTx, type TModel } from "./select";

type TUpdateModelParsed = z.output<typeof ZUpdateModel>;

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
    // A patch that names a workspace moves the model (Determined's Model.move_to_workspace()):
    // the move's own rules and its MOVE record, then the other fields as an UPDATE.
    if (patch.workspace !== undefined) return moveAndUpdate({ tx, actor: who, record }, ref, patch);
    // The common edit in three statements (decision 180): lock and read with the caller's
    // role, write and read back, then the history row (write()).
    const before = await lockModelForEdit(tx, ref, who);
    await authorizeRole(tx, who, "model.edit", before.workspaceId, before.role);
    assertNotArchived(before);
    // The row is locked, so its revision cannot move between this check and the write.
    if (patch.expectedRevision !== undefined && patch.expectedRevision !== before.revision) {
      throw conflictWith(await modelInTx(tx, before.id), patch.expectedRevision, `Model "${before.name}"`);
    }
    const after = await updateModelColumns(tx, before.id, patch);
    // Owner, workspace and archived are not written here: the diff covers what was.
    record(modelChangedEvent({ ...after, ...before }, after));
    return after;
  });
}

/** A patch with a workspace: the move, then the other fields (as before decision 180). */
async function moveAndUpdate(
  { tx, actor: who, record }: Pick<WriteContext, "tx" | "actor" | "record">, ref: string | number, patch: TUpdateModelParsed,
): Promise<TModel> {
  const model = await lockModelOrThrow(tx, ref);
  await authorize(tx, who, "model.edit", model.workspaceId);
  assertNotArchived(model);
  const expected = patch.expectedRevision;
  // Checked before the move, which bumps the revision; the row stays locked after it.
  if (expected !== undefined && expected !== model.revision) throw conflictWith(model, expected, `Model "${model.name}"`);
  const moved = await moveLocked({ tx, actor: who, record }, model, typeof patch.workspace === "number" ? { id: patch.workspace } : { name: patch.workspace! });
  const others = ["name", "description", "labels", "notes", "metadata"].some((f) => patch[f as keyof typeof patch] !== undefined);
  if (moved !== model && !others) return moved;
  // Still locked, its revision checked above: the other fields go in as in the common edit.
  const after = await updateModelColumns(tx, moved.id, patch);
  record(modelChangedEvent(moved, after));
  return after;
}
