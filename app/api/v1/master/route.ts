import { publicRoute } from "@/lib/http/route";
import { masterBody } from "@/lib/http/master-info";

export const dynamic = "force-dynamic";
export const GET = publicRoute(() => masterBody());
