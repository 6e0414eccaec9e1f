import "server-only";
import crypto from "node:crypto";
import { ZCreateWebhook, type TCreateWebhook } from "../../schemas/webhook";
import { signedIn, type Actor } from "../actor";
import { notFound, parse } from "../errors";
import { write } from "../write";
import { mayManage } from "./access";
import { globToLike } from "./event-types";
import { newSigningSecret, sealSecret, webhookKey } from "./secret-box";
import { subscriptionSelect, toWebhook, type TWebhook } from "./select";
import { resolveTarget } from "./target";

/** Creates a subscription; its signing secret is returned here once and never again. */
export async function createWebhook({ actor, input }: { actor: Actor; input: TCreateWebhook }): Promise<{ webhook: TWebhook; secret: string }> {
  const who = signedIn(actor);
  const data = parse(ZCreateWebhook, input);
  webhookKey(); // refuse before anything else when the server cannot keep a secret
  await resolveTarget(data.url);
  const secret = newSigningSecret();
  const webhook = await write({ actor: who }, async ({ tx }) => {
    let workspaceId: number | null = null;
    if (data.workspace !== undefined) {
      const ws = await tx.workspace.findUnique({ where: { name: data.workspace }, select: { id: true } });
      if (!ws) throw notFound(`Workspace "${data.workspace}"`);
      workspaceId = ws.id;
    }
    await mayManage(tx, who, workspaceId);
    return toWebhook(await tx.webhookSubscription.create({
      data: {
        id: crypto.randomUUID(), workspaceId, url: data.url, description: data.description, eventTypes: data.events,
        modelFilter: data.modelFilter ?? null, modelLike: data.modelFilter ? globToLike(data.modelFilter) : null,
        aliasFilter: data.aliasFilter ?? null, enabled: data.enabled, secretEnc: sealSecret(secret), createdBy: who.username,
      },
      select: subscriptionSelect,
    }));
  });
  return { webhook, secret };
}
