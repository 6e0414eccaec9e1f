import { route } from "@/lib/http/route";
import { storageUsage } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** The registry's checkpoint storage usage: stored, referenced by versions, unreferenced (administrators). */
export const GET = route(async ({ actor }) => storageUsage({ actor }));
