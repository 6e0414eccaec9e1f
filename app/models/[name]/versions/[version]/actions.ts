"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { deleteVersion, parse, updateVersion, type TModelVersion } from "@/lib/registry";
import { ZUpdateVersion, ZVersionEditableField, ZVersionRef, type TVersionEditableField } from "@/lib/schemas";

/** Saves one field of a version against the revision the editor loaded. */
export async function updateVersionFieldAction(
  modelId: number,
  version: number,
  field: TVersionEditableField,
  value: unknown,
  expectedRevision: number,
): Promise<ActionResult<TModelVersion>> {
  const result = await run(async () => {
    const ref = parse(ZVersionRef, { modelId, version });
    const patch = parse(ZUpdateVersion, { [parse(ZVersionEditableField, field)]: value, expectedRevision });
    return updateVersion({ actor: await currentActor(), model: ref.modelId, version: ref.version, input: patch });
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Deregisters the version and returns to its model's page. */
export async function deregisterVersionAction(modelId: number, version: number): Promise<ActionResult<null>> {
  const result = await run(async () => {
    const ref = parse(ZVersionRef, { modelId, version });
    await deleteVersion({ actor: await currentActor(), model: ref.modelId, version: ref.version });
    return null;
  });
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect(`/models/${modelId}`);
}
