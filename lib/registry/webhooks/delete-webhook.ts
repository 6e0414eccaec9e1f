import "server-only";
import { signedIn, type Actor } from "../actor";
import { write } from "../write";
import { lockManagedSubscription } from "./access";

/** Deletes a subscription with its deliveries and their log (pending deliveries are never sent). */
export async function deleteWebhook({ actor, id }: { actor: Actor; id: string }): Promise<void> {
  await write({ actor: signedIn(actor) }, async ({ tx, actor: who }) => {
    await lockManagedSubscription(tx, who, id);
    await tx.webhookSubscription.delete({ where: { id } });
  });
}
