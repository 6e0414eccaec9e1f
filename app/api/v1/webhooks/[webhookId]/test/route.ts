import { route } from "@/lib/http/route";
import { pingWebhook } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const POST = route<{ webhookId: string }>(async ({ params, actor }) => pingWebhook({ actor, id: params.webhookId }));
