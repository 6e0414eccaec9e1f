import { publicRoute } from "@/lib/http/route";
import { checkHealth } from "@/lib/registry/health";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when this instance can serve (database and storage), 503 naming what failed. */
export const GET = publicRoute(async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
