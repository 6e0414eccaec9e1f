import "server-only";
import { signedIn, type Actor } from "../actor";
import { write } from "../write";
import { lockManagedSubscription } from "./access";
import { messageId } from "./deliveries";

/**
 * Queues a `ping` to the subscription (the "test" button); it is delivered, retried and
 * logged like any event. Sent even while the subscription is disabled, to check a fix.
 */
export async function pingWebhook({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): Promise<{ deliveryId: string; webhookId: string }> {
  return write({ actor: signedIn(actor) }, async ({ tx, actor: who }) => {
    await lockManagedSubscription(tx, who, id);
    const d = await tx.webhookDelivery.create({ data: { subscriptionId: id, eventType: "ping", nextAttemptAt: now }, select: { id: true } });
    const body = JSON.stringify({
      id: `evt_ping_${d.id}`, type: "ping", timestamp: now.toISOString(), actor: { id: who.userId, username: who.username },
      model: null, version: null, changes: [],
    });
    await tx.webhookDelivery.update({ where: { id: d.id }, data: { body } });
    return { deliveryId: String(d.id), webhookId: messageId(d.id) };
  });
}
