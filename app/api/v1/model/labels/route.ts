import { route } from "@/lib/http/route";
import { listModelLabels } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** Labels in use, most used first (the path is singular "model", as in Determined). */
export const GET = route(async ({ actor }) => ({ labels: await listModelLabels({ reader: actor }) }));
