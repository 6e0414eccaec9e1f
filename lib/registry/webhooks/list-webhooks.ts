import "server-only";
import { db } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import { edge } from "../edge";
import { notFound } from "../errors";
import { managedWorkspaceIds, mayManage } from "./access";
import { subscriptionSelect, toWebhook, type TWebhook } from "./select";

/** The subscriptions the actor manages: all for registry admins, their workspaces' for workspace admins. */
export const listWebhooks = edge(async function listWebhooks({ actor }: { actor: Actor }): Promise<TWebhook[]> {
  const ws = await managedWorkspaceIds(signedIn(actor));
  const rows = await db().webhookSubscription.findMany({
    where: ws === null ? {} : { workspaceId: { in: ws } },
    orderBy: { createdAt: "asc" },
    select: subscriptionSelect,
  });
  return rows.map(toWebhook);
});

export const getWebhook = edge(async function getWebhook({ actor, id }: { actor: Actor; id: string }): Promise<TWebhook> {
  const who = signedIn(actor);
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await db().webhookSubscription.findUnique({ where: { id }, select: subscriptionSelect }) : null;
  if (!row) throw notFound(`Webhook ${id}`);
  await mayManage(undefined, who, row.workspace?.id ?? null);
  return toWebhook(row);
});
