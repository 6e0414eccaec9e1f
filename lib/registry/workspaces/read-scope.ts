import "server-only";
import { db, type Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { DEFAULT_WORKSPACE } from "../defaults";
import { RegistryError } from "../errors";

/** Which workspaces a reader may see: every one, or these ids. */
export type TReadScope = { all: true } | { all: false; ids: number[] };

/**
 * What a user may read (docs/decisions/061-who-reads-which-workspace.md): administrators
 * every workspace; anyone else the workspaces they hold a role in or own, and the default
 * workspace, which every signed-in user has always read. Lists filter by it, so a viewer
 * of "vision" never sees "nlp"'s models, counts or names. When that covers every
 * workspace the scope is `all`, so the list keeps its unfiltered fast paths.
 */
export async function readScope(reader: Actor, tx: Prisma.TransactionClient = db()): Promise<TReadScope> {
  if (reader?.admin && !reader.anonymous) return { all: true };
  const userId = reader && !reader.anonymous && Number.isSafeInteger(reader.userId) ? reader.userId : 0;
  // One statement, so "every workspace" is judged on one snapshot: a workspace created
  // meanwhile can neither be counted without being judged nor judged without being counted.
  const rows = await tx.$queryRaw<{ id: number; readable: boolean }[]>`
    SELECT w.id, (w.name = ${DEFAULT_WORKSPACE} OR w.user_id = ${userId}
                  OR EXISTS (SELECT 1 FROM workspace_roles r WHERE r.workspace_id = w.id AND r.user_id = ${userId})) AS readable
      FROM workspaces w`;
  if (rows.every((r) => r.readable)) return { all: true };
  return { all: false, ids: rows.filter((r) => r.readable).map((r) => r.id) };
}

export function inScope(scope: TReadScope, workspaceId: number): boolean {
  return scope.all || scope.ids.includes(workspaceId);
}

/**
 * A single object in a workspace the reader may not see is reported as not found, as
 * Determined does: its name is not theirs to learn.
 */
export async function assertReadable(reader: Actor, workspaceId: number, what: string): Promise<void> {
  if (!inScope(await readScope(reader), workspaceId)) throw new RegistryError("NOT_FOUND", `${what} not found.`);
}
