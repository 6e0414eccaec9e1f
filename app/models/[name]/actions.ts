"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { deleteModel, moveModel, parse, updateModel, type TModel } from "@/lib/registry";
import { ZModelEditableField, ZModelId, ZUpdateModel, type TModelEditableField } from "@/lib/schemas";

/** Saves one field of a model against the revision the editor loaded. */
export async function updateModelFieldAction(
  id: number,
  field: TModelEditableField,
  value: unknown,
  expectedRevision: number,
): Promise<ActionResult<TModel>> {
  const result = await run(async () => {
    const patch = parse(ZUpdateModel, { [parse(ZModelEditableField, field)]: value, expectedRevision });
    return updateModel({ actor: await currentActor(), model: parse(ZModelId, id), input: patch });
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Renames, then sends the browser to the new name's URL (ids in URLs keep working too). */
export async function renameModelAction(id: number, name: string, expectedRevision: number): Promise<ActionResult<TModel>> {
  const result = await updateModelFieldAction(id, "name", name, expectedRevision);
  if (!result.ok) return result;
  redirect(`/models/${encodeURIComponent(result.data.name)}`);
}

/** Moves the model to another workspace (edit rights in both; recorded as a MOVE). */
export async function moveModelAction(id: number, workspaceName: string): Promise<ActionResult<TModel>> {
  const result = await run(async () => moveModel({
    actor: await currentActor(), model: parse(ZModelId, id), input: { workspaceName: String(workspaceName ?? "") },
  }));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function deleteModelAndLeaveAction(id: number): Promise<ActionResult<null>> {
  const result = await run(async () => {
    await deleteModel({ actor: await currentActor(), model: parse(ZModelId, id) });
    return null;
  });
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect("/");
}
