import "server-only";
import { db, type Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError, notFound } from "../errors";

/**
 * Who may manage a subscription: a workspace's admins for one scoped to it (the
 * REQUIRED_ROLE row "webhook.manage"), registry administrators for one that receives
 * every workspace's events (workspaceId null).
 */
export async function mayManage(tx: Prisma.TransactionClient | undefined, actor: Actor, workspaceId: number | null): Promise<void> {
  if (workspaceId === null) {
    if (!actor.admin) throw new RegistryError("FORBIDDEN", "Only registry administrators manage webhooks for every workspace; name a workspace you administer.");
    return;
  }
  await authorize(tx, actor, "webhook.manage", workspaceId);
}

/** The subscription's workspace after checking the actor may manage it; locks the row inside a transaction. */
export async function lockManagedSubscription(tx: Prisma.TransactionClient, actor: Actor, id: string): Promise<{ id: string; workspaceId: number | null }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound(`Webhook ${id}`);
  const rows = await tx.$queryRaw<{ id: string; workspace_id: number | null }[]>`
    SELECT id::text, workspace_id FROM webhook_subscriptions WHERE id = ${id}::uuid FOR UPDATE`;
  if (!rows.length) throw notFound(`Webhook ${id}`);
  await mayManage(tx, actor, rows[0].workspace_id);
  return { id: rows[0].id, workspaceId: rows[0].workspace_id };
}

/** The workspaces whose subscriptions the actor sees: all (null) for registry admins. */
export async function managedWorkspaceIds(actor: Actor): Promise<number[] | null> {
  if (actor.admin) return null;
  const rows = await db().workspaceRole.findMany({ where: { userId: actor.userId, role: "ADMIN" }, select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}
