import { publicRoute } from "@/lib/http/route";
import { wireUser } from "@/lib/http/wire/user";
import { login, parse } from "@/lib/registry";
import { ZLogin } from "@/lib/schemas";

export const dynamic = "force-dynamic";

export const POST = publicRoute(async ({ body }) => {
  const { token, user } = await login(parse(ZLogin, await body()));
  return { token, user: wireUser(user) };
});
