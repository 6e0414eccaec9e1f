"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { deleteVersion, parse, updateVersion, type TModelVersion } from "@/lib/registry";
import { ZUpdateVersion } from "@/lib/schemas";

const ZRef = z.object({ modelId: z.number().int().positive(), version: z.number().int().positive() });
const ZEditableField = z.enum(["name", "comment", "labels", "notes", "metadata"]);

/** Saves one field of a version against the revision the editor loaded. */
export async function updateVersionFieldAction(
  modelId: number,
  version: number,
  field: z.infer<typeof ZEditableField>,
  value: unknown,
  expectedRevision: number,
): Promise<ActionResult<TModelVersion>> {
  const result = await run(async () => {
    const ref = parse(ZRef, { modelId, version });
    const patch = parse(ZUpdateVersion, { [parse(ZEditableField, field)]: value, expectedRevision });
    return updateVersion(ref.modelId, ref.version, patch, await currentActor());
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Deregisters the version and returns to its model's page. */
export async function deregisterVersionAction(modelId: number, version: number): Promise<ActionResult<null>> {
  const result = await run(async () => {
    const ref = parse(ZRef, { modelId, version });
    await deleteVersion(ref.modelId, ref.version, await currentActor());
    return null;
  });
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect(`/models/${modelId}`);
}
