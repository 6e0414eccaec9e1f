import { route } from "@/lib/http/route";
import { wireWebhook } from "@/lib/http/wire/webhook";
import { createWebhook, listWebhooks } from "@/lib/registry";
import type { TCreateWebhook } from "@/lib/schemas/webhook";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor }) => ({ webhooks: (await listWebhooks({ actor })).map(wireWebhook) }));

/** The secret is in this reply only. createWebhook parses the body (400 with field errors, nothing created). */
export const POST = route(async ({ body, actor }) => {
  const { webhook, secret } = await createWebhook({ actor, input: (await body()) as TCreateWebhook });
  return { webhook: wireWebhook(webhook), secret };
});
