import "server-only";
import { db, type Prisma } from "../../db/client";
import { ZDeliveriesQuery, type TDeliveriesQuery } from "../../schemas/webhook";
import { signedIn, type Actor } from "../actor";
import { edge } from "../edge";
import { parse } from "../errors";
import { managedWorkspaceIds } from "./access";

export type TWebhookAttempt = { at: Date; statusCode: number | null; latencyMs: number; error: string | null; response: string };
export type TWebhookDelivery = {
  id: string; webhookId: string; subscriptionId: string; url: string; eventType: string; historyId: string | null;
  status: string; attempts: number; createdAt: Date; nextAttemptAt: Date | null; log: TWebhookAttempt[];
};

/** The webhook-id a delivery is sent with, on every attempt and every redelivery. */
export const messageId = (deliveryId: bigint | string) => `msg_${deliveryId}`;

/** The delivery log, newest first, filtered by subscription, event type and status; each with its attempts. */
export const listDeliveries = edge(async function listDeliveries(
  { actor, query }: { actor: Actor; query: TDeliveriesQuery },
): Promise<{ deliveries: TWebhookDelivery[]; total: number }> {
  const q = parse(ZDeliveriesQuery, query);
  const ws = await managedWorkspaceIds(signedIn(actor));
  const where: Prisma.WebhookDeliveryWhereInput = {
    subscriptionId: q.subscription, eventType: q.event, status: q.status,
    ...(ws === null ? {} : { subscription: { workspaceId: { in: ws } } }),
  };
  const [rows, total] = await Promise.all([
    db().webhookDelivery.findMany({
      where, orderBy: { id: "desc" }, skip: q.offset, take: q.limit,
      select: {
        id: true, subscriptionId: true, historyId: true, eventType: true, status: true, attempts: true, createdAt: true, nextAttemptAt: true,
        subscription: { select: { url: true } },
        attemptLog: { orderBy: { id: "asc" }, select: { at: true, statusCode: true, latencyMs: true, error: true, response: true } },
      },
    }),
    db().webhookDelivery.count({ where }),
  ]);
  return {
    total,
    deliveries: rows.map((r) => ({
      id: String(r.id), webhookId: messageId(r.id), subscriptionId: r.subscriptionId, url: r.subscription.url, eventType: r.eventType,
      historyId: r.historyId === null ? null : String(r.historyId), status: r.status, attempts: r.attempts, createdAt: r.createdAt,
      nextAttemptAt: r.status === "pending" ? r.nextAttemptAt : null, log: r.attemptLog,
    })),
  };
});
