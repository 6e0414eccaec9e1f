import "server-only";
import { db, Prisma } from "../../db/client";
import { DEFAULT_WORKSPACE } from "../defaults";
import { notFound } from "../errors";

/** The one shape a workspace takes everywhere (pages, REST, CLI). */
export type TWorkspace = {
  id: number;
  name: string;
  archived: boolean;
  /** The default workspace: never renamed, archived or deleted (Determined's `immutable`). */
  immutable: boolean;
  /** Its creator (its owner); null for the default workspace. */
  userId: number | null;
  username: string;
  createdAt: Date;
  numModels: number;
  numExperiments: number;
};

/** The workspaces matching `condition` on `workspaces w`, each with its counts, in one statement. */
export async function workspacesWhere(
  condition: Prisma.Sql, order: Prisma.Sql = Prisma.sql`w.id ASC`, tx: Prisma.TransactionClient = db(),
): Promise<TWorkspace[]> {
  return tx.$queryRaw<TWorkspace[]>`
    SELECT w.id, w.name, w.archived, (w.name = ${DEFAULT_WORKSPACE}) AS immutable,
           w.user_id AS "userId", COALESCE(u.username, '') AS username, w.created_at AS "createdAt",
           (SELECT count(*)::int FROM models m WHERE m.workspace_id = w.id) AS "numModels",
           (SELECT count(*)::int FROM experiments e WHERE e.workspace_id = w.id) AS "numExperiments"
      FROM workspaces w LEFT JOIN users u ON u.id = w.user_id
     WHERE ${condition}
     ORDER BY ${order}`;
}

/** A digit string addresses a workspace by id (names cannot be all digits). */
export function workspaceCondition(ref: { id?: number; name?: string } | string | number): Prisma.Sql {
  if (typeof ref === "number") return Prisma.sql`w.id = ${ref}::bigint`;
  if (typeof ref === "string") return /^\d+$/.test(ref) ? Prisma.sql`w.id = ${Number(ref)}::bigint` : Prisma.sql`w.name = ${ref}`;
  return ref.id !== undefined ? Prisma.sql`w.id = ${ref.id}::bigint` : Prisma.sql`w.name = ${ref.name ?? ""}`;
}

export type TWorkspaceKey = { id?: number; name?: string } | string | number;

export const describeKey = (ref: TWorkspaceKey) =>
  typeof ref === "object" ? (ref.id !== undefined ? `Workspace ${ref.id}` : `Workspace "${ref.name}"`) : `Workspace "${ref}"`;

/**
 * Finds the workspace and takes its row lock for the rest of the transaction: a rename,
 * archive or delete and a model moving in or being created there queue on it, so a model
 * cannot land in a workspace while it is being deleted or archived.
 */
export async function lockWorkspaceOrThrow(tx: Prisma.TransactionClient, ref: TWorkspaceKey): Promise<TWorkspace> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT w.id FROM workspaces w WHERE ${workspaceCondition(ref)} FOR UPDATE`;
  if (!locked.length) throw notFound(describeKey(ref));
  const [row] = await workspacesWhere(Prisma.sql`w.id = ${locked[0].id}`, undefined, tx);
  return row;
}
