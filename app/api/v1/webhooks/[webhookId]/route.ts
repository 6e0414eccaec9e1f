import { route } from "@/lib/http/route";
import { wireWebhook } from "@/lib/http/wire/webhook";
import { deleteWebhook, getWebhook, updateWebhook } from "@/lib/registry";
import type { TUpdateWebhook } from "@/lib/schemas/webhook";

export const dynamic = "force-dynamic";
type P = { webhookId: string };

export const GET = route<P>(async ({ params, actor }) => ({ webhook: wireWebhook(await getWebhook({ actor, id: params.webhookId })) }));

export const PATCH = route<P>(async ({ params, body, actor }) => ({
  webhook: wireWebhook(await updateWebhook({ actor, id: params.webhookId, input: (await body({ keepNulls: true })) as TUpdateWebhook })),
}));

export const DELETE = route<P>(async ({ params, actor }) => {
  await deleteWebhook({ actor, id: params.webhookId });
  return {};
});
