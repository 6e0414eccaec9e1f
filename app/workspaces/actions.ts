"use server";

import { revalidatePath } from "next/cache";
import { currentActor } from "@/lib/auth/current-actor";
import { run, type ActionResult } from "@/lib/actions/result";
import { archiveWorkspace, createWorkspace, deleteWorkspace, parse, renameWorkspace, unarchiveWorkspace, type TWorkspace } from "@/lib/registry";
import { ZCreateWorkspace, ZRenameWorkspace, ZWorkspaceId, type TCreateWorkspace } from "@/lib/schemas";

export async function createWorkspaceAction(input: TCreateWorkspace): Promise<ActionResult<TWorkspace>> {
  const result = await run(async () => createWorkspace({ actor: await currentActor(), input: parse(ZCreateWorkspace, input) }));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function renameWorkspaceAction(id: number, name: string): Promise<ActionResult<TWorkspace>> {
  const result = await run(async () => renameWorkspace({
    actor: await currentActor(), workspace: parse(ZWorkspaceId, id), input: parse(ZRenameWorkspace, { name }),
  }));
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function setWorkspaceArchivedAction(id: number, archived: boolean): Promise<ActionResult<TWorkspace>> {
  const result = await run(async () => {
    const opts = { actor: await currentActor(), workspace: parse(ZWorkspaceId, id) };
    return archived ? archiveWorkspace(opts) : unarchiveWorkspace(opts);
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function deleteWorkspaceAction(id: number): Promise<ActionResult<null>> {
  const result = await run(async () => {
    await deleteWorkspace({ actor: await currentActor(), workspace: parse(ZWorkspaceId, id) });
    return null;
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
