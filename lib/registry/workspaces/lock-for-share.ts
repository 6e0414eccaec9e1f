import "server-only";
import type { Prisma } from "../../db/client";
import { notFound } from "../errors";
import { describeKey, workspaceCondition, type TWorkspaceKey } from "./select";

/**
 * A workspace a model is being created in or moved into, read under a shared row lock: a
 * delete or archive of it (which take its exclusive lock) is waited for, so a model never
 * lands in a workspace that is going away, and the `archived` read here stays true until
 * the transaction ends. Concurrent creations in one workspace share the lock.
 */
export async function lockWorkspaceForShare(
  tx: Prisma.TransactionClient, ref: TWorkspaceKey,
): Promise<{ id: number; name: string; archived: boolean }> {
  const [row] = await tx.$queryRaw<{ id: number; name: string; archived: boolean }[]>`
    SELECT w.id, w.name, w.archived FROM workspaces w WHERE ${workspaceCondition(ref)} FOR SHARE`;
  if (!row) throw notFound(describeKey(ref));
  return row;
}
