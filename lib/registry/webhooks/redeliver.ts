import "server-only";
import { signedIn, type Actor } from "../actor";
import { notFound } from "../errors";
import { write } from "../write";
import { lockManagedSubscription } from "./access";

/**
 * Sends a delivery again, now, with the same webhook-id and body (receivers that
 * de-duplicate by webhook-id see the same message); its attempt log continues.
 */
export async function redeliver({ actor, deliveryId, now = new Date() }: { actor: Actor; deliveryId: string; now?: Date }): Promise<void> {
  const id = /^\d{1,18}$/.test(deliveryId) ? BigInt(deliveryId) : null;
  await write({ actor: signedIn(actor) }, async ({ tx, actor: who }) => {
    const row = id === null ? null : await tx.webhookDelivery.findUnique({ where: { id }, select: { subscriptionId: true } });
    if (!row) throw notFound(`Delivery ${deliveryId}`);
    await lockManagedSubscription(tx, who, row.subscriptionId);
    await tx.webhookDelivery.update({ where: { id: id! }, data: { status: "pending", nextAttemptAt: now, retryUntil: null, lockedUntil: null } });
  });
}
