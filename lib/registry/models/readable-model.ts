import "server-only";
import type { Actor } from "../actor";
import { edge } from "../edge";
import { assertReadable } from "../workspaces/read-scope";
import { getModel } from "./get-model";
import type { TModel } from "./select";

/**
 * A model the reader may read (workspaces/read-scope.ts): one in a workspace they may not
 * read is reported as not found, exactly as a missing one, so its name is not confirmed.
 */
export const readableModel = edge(async function readableModel(reader: Actor, ref: string | number): Promise<TModel> {
  const model = await getModel(ref);
  await assertReadable(reader, model.workspaceId, `Model "${ref}"`);
  return model;
});

/** The same check for anything else that lives in a workspace (an experiment's checkpoints). */
export const assertCanRead = edge(async function assertCanRead(reader: Actor, workspaceId: number, what: string): Promise<void> {
  await assertReadable(reader, workspaceId, what);
});
