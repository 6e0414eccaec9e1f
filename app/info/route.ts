import { publicRoute } from "@/lib/http/route";
import { infoBody } from "@/lib/http/master-info";

export const dynamic = "force-dynamic";
export const GET = publicRoute(() => infoBody());
