import "server-only";
import { ZUpdateWebhook, type TUpdateWebhook } from "../../schemas/webhook";
import { signedIn, type Actor } from "../actor";
import { parse } from "../errors";
import { write } from "../write";
import { lockManagedSubscription } from "./access";
import { globToLike } from "./event-types";
import { subscriptionSelect, toWebhook, type TWebhook } from "./select";
import { resolveTarget } from "./target";

/** Changes a subscription; enabling it clears the record of failures that disabled it. */
export async function updateWebhook({ actor, id, input }: { actor: Actor; id: string; input: TUpdateWebhook }): Promise<TWebhook> {
  const who = signedIn(actor);
  const data = parse(ZUpdateWebhook, input);
  if (data.url !== undefined) await resolveTarget(data.url);
  return write({ actor: who }, async ({ tx }) => {
    await lockManagedSubscription(tx, who, id);
    return toWebhook(await tx.webhookSubscription.update({
      where: { id },
      data: {
        url: data.url, description: data.description, eventTypes: data.events, aliasFilter: data.aliasFilter,
        ...(data.modelFilter !== undefined ? { modelFilter: data.modelFilter, modelLike: data.modelFilter ? globToLike(data.modelFilter) : null } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled, disabledReason: null, failingSince: null } : {}),
        updatedAt: new Date(),
      },
      select: subscriptionSelect,
    }));
  });
}
