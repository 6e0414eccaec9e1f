import { parseQuery } from "@/lib/http/query";
import { route } from "@/lib/http/route";
import { wireAlias } from "@/lib/http/wire/alias";
import { wireVersion } from "@/lib/http/wire/version";
import { getAlias, removeAlias, setAlias, readableModel, type TAliasChange } from "@/lib/registry";
import { ZAtQuery } from "@/lib/schemas/api";

export const dynamic = "force-dynamic";
type P = { modelName: string; alias: string };

const change = (c: TAliasChange) => ({ alias: wireAlias(c.alias), previousVersion: c.previousVersion, changed: c.changed });

/** What the alias names (with ?at=: named at that instant) and that version. */
export const GET = route<P>(async ({ params, query, actor }) => {
  await readableModel(actor, params.modelName);
  const { at } = parseQuery(ZAtQuery, query);
  const r = await getAlias(params.modelName, params.alias, { at });
  return { alias: wireAlias(r.alias), modelVersion: r.version ? wireVersion(r.version) : null, at: r.at?.toISOString() ?? null };
});

/** Points the alias at a version; `expectedVersion` (a number or null) makes it a compare-and-set. */
export const PUT = route<P>(async ({ params, body, actor }) =>
  change(await setAlias({ actor, model: params.modelName, alias: params.alias, input: await body({ keepNulls: true }) as never })));

export const DELETE = route<P>(async ({ params, body, actor }) =>
  change(await removeAlias({ actor, model: params.modelName, alias: params.alias, input: await body({ keepNulls: true }) as never })));
