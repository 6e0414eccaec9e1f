import "server-only";
import { db, Prisma } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import type { TRole } from "../../schemas";
import { RegistryError } from "../errors";
import { deleteRuleText, mayDelete, type TDeleteSubject } from "./delete-rule";
import { REQUIRED_ROLE, hasRole, type TAction } from "./roles";

/** The user's role in a workspace; global admins are ADMIN everywhere. */
export async function roleIn(tx: Prisma.TransactionClient, who: Actor, workspaceId: number): Promise<TRole | null> {
  if (who.admin) return "ADMIN";
  const row = await tx.workspaceRole.findUnique({
    where: { userId_workspaceId: { userId: who.userId, workspaceId } },
    select: { role: true },
  });
  return row?.role ?? null;
}

/**
 * The one permission check of the domain: every mutating function calls it before
 * it writes, inside its transaction, so pages, server actions, REST and the CLI
 * are all held to the same rule and none can forget it.
 */
export async function authorize(
  tx: Prisma.TransactionClient | undefined, actor: Actor, action: TAction, workspaceId: number,
): Promise<void> {
  signedIn(actor);
  await authorizeRole(tx, actor, action, workspaceId, await roleIn(tx ?? db(), actor, workspaceId));
}

/**
 * The caller's role in the workspace whose id is the SQL expression `workspaceId`, as a
 * column of a statement the change runs anyway (e.g. the one that locks its row), so a
 * hot write checks permission without a round trip of its own (decision 180). Global
 * admins are ADMIN everywhere, as in roleIn(). Pass the column to authorizeRole().
 */
export function roleColumn(who: Actor, workspaceId: Prisma.Sql): Prisma.Sql {
  if (who.admin) return Prisma.sql`'ADMIN'::text`;
  return Prisma.sql`(SELECT r.role::text FROM workspace_roles r WHERE r.user_id = ${who.userId}::int AND r.workspace_id = ${workspaceId})`;
}

/** authorize() with the role already read (roleColumn): the same table, the same refusal. */
export async function authorizeRole(
  tx: Prisma.TransactionClient | undefined, actor: Actor, action: TAction, workspaceId: number, role: TRole | null,
): Promise<void> {
  signedIn(actor);
  const needed = REQUIRED_ROLE[action];
  if (!hasRole(role, needed)) {
    const ws = await (tx ?? db()).workspace.findUnique({ where: { id: workspaceId }, select: { name: true } });
    throw new RegistryError(
      "FORBIDDEN",
      `You need the ${needed.toLowerCase()} role in workspace "${ws?.name ?? workspaceId}" for this; ` +
        `your role there is ${role ? role.toLowerCase() : "none"}. Ask an administrator.`,
    );
  }
}

/** Managing users, roles and other people's tokens is for global administrators. */
export function requireAdmin(actor: Actor): void {
  signedIn(actor);
  if (!actor.admin) throw new RegistryError("FORBIDDEN", "Only administrators can manage users, roles and tokens.");
}

/** The signed-in actor of an administrators-only operation (users, roles, other people's tokens). */
export function signedInAdmin(actor: Actor): Actor {
  const who = signedIn(actor);
  requireAdmin(who);
  return who;
}

/**
 * The delete rule (auth/delete-rule.ts) held in the domain: called inside the deleting
 * transaction after the rows (and so their creators) are locked.
 */
export async function authorizeDelete(
  tx: Prisma.TransactionClient, actor: Actor, workspaceId: number, subject: TDeleteSubject, what: string,
): Promise<void> {
  signedIn(actor);
  const role = await roleIn(tx, actor, workspaceId);
  if (mayDelete(role, actor.userId, subject)) return;
  const ws = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { name: true } });
  throw new RegistryError(
    "FORBIDDEN",
    `You may not delete ${what}. ${deleteRuleText(subject.kind)}; you created ${subject.kind === "model" ? "not it" : "neither it nor its model"} and your role in workspace ` +
      `"${ws?.name ?? workspaceId}" is ${role ? role.toLowerCase() : "none"}.`,
  );
}
