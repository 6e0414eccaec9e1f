import { route } from "@/lib/http/route";
import { wireDelivery } from "@/lib/http/wire/webhook";
import { listDeliveries } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const GET = route(async ({ query, actor }) => {
  const { deliveries, total } = await listDeliveries({ actor, query: Object.fromEntries(query) });
  return { deliveries: deliveries.map(wireDelivery), total };
});
