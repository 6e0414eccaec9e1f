import { route } from "@/lib/http/route";
import { redeliver } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const POST = route<{ deliveryId: string }>(async ({ params, actor }) => {
  await redeliver({ actor, deliveryId: params.deliveryId });
  return {};
});
