import { route } from "@/lib/http/route";
import { wireWebhook } from "@/lib/http/wire/webhook";
import { rotateWebhookSecret } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** A new secret, in this reply only; the old one keeps signing beside it for 24 h. */
export const POST = route<{ webhookId: string }>(async ({ params, actor }) => {
  const { webhook, secret } = await rotateWebhookSecret({ actor, id: params.webhookId });
  return { webhook: wireWebhook(webhook), secret };
});
