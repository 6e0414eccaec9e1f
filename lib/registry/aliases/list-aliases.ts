import "server-only";
import { db } from "../../db/client";
import { edge } from "../edge";
import type { Actor } from "../actor";
import { findModelOrThrow } from "../models/select";
import { readScope } from "../workspaces/read-scope";
import { registryProtectedAliases } from "./protection";
import { aliasColumns, toAlias, type AliasRow, type TAlias } from "./select";

export type TAliasList = {
  model: { id: number; name: string };
  /** The aliases that name a version now, by name. */
  aliases: TAlias[];
  /** Every alias name protected on this model, whether or not it names a version yet. */
  protectedAliases: string[];
};

/** A model's aliases as they are now, and which names are protected on it. */
export const listAliases = edge(async function listAliases(modelRef: string | number): Promise<TAliasList> {
  const model = await findModelOrThrow(db(), modelRef);
  const rows = await db().$queryRaw<AliasRow[]>`
    SELECT ${aliasColumns} FROM model_aliases WHERE model_id = ${model.id} ORDER BY alias`;
  const all = rows.map(toAlias);
  const overridden = new Set(rows.filter((r) => r.protectionSetting !== null).map((r) => r.alias));
  const protectedAliases = [
    ...registryProtectedAliases().filter((a) => !overridden.has(a)),
    ...all.filter((a) => a.protectionSetting === true).map((a) => a.alias),
  ].sort();
  return { model: { id: model.id, name: model.name }, aliases: all.filter((a) => a.version !== null), protectedAliases };
});

/**
 * Alias names that name a version on at least one model, for the registry page's
 * filter: a skip scan of (alias, model_id, version), one index descent per distinct
 * name, instead of reading every alias row.
 */
export const listAliasNamesInUse = edge(async function listAliasNamesInUse({ reader }: { reader: Actor }): Promise<string[]> {
  const scope = await readScope(reader);
  if (!scope.all) {
    // Within some workspaces (decision 061): the names on their models only.
    const within = await db().$queryRaw<{ alias: string }[]>`
      SELECT DISTINCT a.alias FROM model_aliases a JOIN models m ON m.id = a.model_id
       WHERE a.version IS NOT NULL AND m.workspace_id = ANY(${scope.ids}::int[]) ORDER BY a.alias`;
    return within.map((r) => r.alias);
  }
  const rows = await db().$queryRaw<{ alias: string }[]>`
    WITH RECURSIVE names(alias) AS (
      (SELECT alias FROM model_aliases WHERE version IS NOT NULL ORDER BY alias LIMIT 1)
      UNION ALL
      SELECT (SELECT a.alias FROM model_aliases a WHERE a.alias > n.alias AND a.version IS NOT NULL ORDER BY a.alias LIMIT 1)
        FROM names n WHERE n.alias IS NOT NULL
    )
    SELECT alias FROM names WHERE alias IS NOT NULL`;
  return rows.map((r) => r.alias);
});
