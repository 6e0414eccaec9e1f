import { route } from "@/lib/http/route";
import { wireAlias } from "@/lib/http/wire/alias";
import { setAliasProtection } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** Protects (true), unprotects (false) or returns to the registry default (null) one alias of a model; workspace admins. */
export const PUT = route<{ modelName: string; alias: string }>(async ({ params, body, actor }) => ({
  alias: wireAlias(await setAliasProtection({ actor, model: params.modelName, alias: params.alias, input: await body({ keepNulls: true }) as never })),
}));
