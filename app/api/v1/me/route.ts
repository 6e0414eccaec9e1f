import { route } from "@/lib/http/route";
import { wireUser } from "@/lib/http/wire/user";
import { getUser } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const GET = route(async ({ actor }) => ({ user: wireUser(await getUser(actor.userId)) }));
