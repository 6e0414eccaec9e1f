"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { archiveModel, createModel, deleteModel, parse, unarchiveModel, type TModel } from "@/lib/registry";
import { ZCreateModel, ZModelRef, type TCreateModel } from "@/lib/schemas";

export async function createModelAction(input: TCreateModel): Promise<ActionResult<TModel>> {
  const result = await run(async () => createModel({ actor: await currentActor(), input: parse(ZCreateModel, input) }));
  if (result.ok) revalidatePath("/");
  return result;
}

export async function setModelArchivedAction(ref: number, archived: boolean): Promise<ActionResult<TModel>> {
  const result = await run(async () => {
    const opts = { actor: await currentActor(), model: parse(ZModelRef, ref) };
    return archived ? archiveModel(opts) : unarchiveModel(opts);
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function deleteModelAction(ref: number): Promise<ActionResult<null>> {
  const result = await run(async () => {
    await deleteModel({ actor: await currentActor(), model: parse(ZModelRef, ref) });
    return null;
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
