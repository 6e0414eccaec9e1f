import { clientAddress } from "@/lib/auth/client-address";
import { publicRoute } from "@/lib/http/route";
import { wireUser } from "@/lib/http/wire/user";
import { login, parse } from "@/lib/registry";
import { ZLogin } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const POST = publicRoute(async ({ req, body }) => {
  const { token, user } = await login(parse(ZLogin, await body()), { address: clientAddress(req.headers) });
  return { token, user: wireUser(user) };
});
