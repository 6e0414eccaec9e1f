import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireAlias } from "@/lib/http/wire/alias";
import { getModelAt, listAliases, readableModel } from "@/lib/registry";
import { ZAtQuery } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";

/** A model's aliases now, or with ?at= those that named a version at that instant. */
export const GET = route<{ modelName: string }>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  const { at } = parseQuery(ZAtQuery, query);
  const now = await listAliases(params.modelName);
  if (at === undefined) return { aliases: now.aliases.map(wireAlias), protectedAliases: now.protectedAliases, at: null };
  const then = await getModelAt(now.model.id, at);
  return { aliases: then.aliases.map(wireAlias), protectedAliases: now.protectedAliases, at: then.at.toISOString() };
});
