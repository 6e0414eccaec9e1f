import { bearerToken } from "@/lib/http/auth";
import { route } from "@/lib/http/route";
import { logout } from "@/lib/registry";

export const dynamic = "force-dynamic";

export const POST = route(async ({ req }) => {
  await logout(bearerToken(req)!);
  return {};
});
