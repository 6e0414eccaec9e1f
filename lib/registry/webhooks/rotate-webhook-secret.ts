import "server-only";
import { signedIn, type Actor } from "../actor";
import { write } from "../write";
import { lockManagedSubscription } from "./access";
import { newSigningSecret, sealSecret } from "./secret-box";
import { subscriptionSelect, toWebhook, type TWebhook } from "./select";

/** How long the replaced secret keeps signing beside the new one, so receivers can switch without losing deliveries. */
export const PREVIOUS_SECRET_MS = 24 * 3600_000;

/** A new signing secret, returned once; the old one signs too (a second v1 signature) for 24 hours. */
export async function rotateWebhookSecret({ actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }): Promise<{ webhook: TWebhook; secret: string }> {
  const secret = newSigningSecret();
  const sealed = sealSecret(secret);
  const webhook = await write({ actor: signedIn(actor) }, async ({ tx, actor: who }) => {
    await lockManagedSubscription(tx, who, id);
    const current = await tx.webhookSubscription.findUniqueOrThrow({ where: { id }, select: { secretEnc: true } });
    return toWebhook(await tx.webhookSubscription.update({
      where: { id },
      data: { secretEnc: sealed, previousSecretEnc: current.secretEnc, previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_MS), updatedAt: now },
      select: subscriptionSelect,
    }));
  });
  return { webhook, secret };
}
