import "server-only";
import { db, Prisma } from "../../db/client";
import { ZAliasName, ZAsOf, LATEST_ALIAS } from "../../schemas/alias";
import { edge } from "../edge";
import { RegistryError, notFound, parse } from "../errors";
import { modelByRef, modelWhere } from "../models/select";
import type { TModelVersion } from "../versions/select";
import { toVersionFromSql, versionByNumber, versionColumns, versionJoins, type VersionSqlRow } from "../versions/version-by-number";
import { aliasAt, latestAt } from "./at-queries";
import { toAlias, type AliasRow, type TAlias } from "./select";

export type TResolvedAlias = {
  alias: TAlias;
  /** The version it names, read now; null only with `at`, for a version deleted since. */
  version: TModelVersion | null;
  /** The instant asked about, when one was. */
  at: Date | null;
};

type Model = { id: number; name: string };

/**
 * What an alias names, now or (with `at`) at an instant in the past, and that version.
 * `latest` is the highest version number (then). NOT_FOUND when it names none.
 */
export const getAlias = edge(async function getAlias(
  modelRef: string | number, name: string, opts: { at?: string | Date } = {},
): Promise<TResolvedAlias> {
  const alias = parse(ZAliasName, name);
  const at = opts.at === undefined ? null : parse(ZAsOf, opts.at instanceof Date ? opts.at.toISOString() : opts.at);
  if (!at && alias !== LATEST_ALIAS) return namedNow(modelRef, alias);
  const model = await findModel(modelRef);
  const named = at ? await namedAt(model, alias, at) : await latestNow(model);
  if (!named) {
    if (at) throw new RegistryError("NOT_FOUND", `Alias "${alias}" of model "${model.name}" named no version at ${at.toISOString()}.`);
    throw notFound(`Alias "${alias}" of model "${model.name}"`);
  }
  const version = await versionByNumber(model.id, named.version!);
  // The version an alias names now always exists (a foreign key); one it named then may be gone.
  if (!version && !at) throw notFound(`Version ${named.version} of model "${model.name}"`);
  return { alias: named, version, at };
});

/**
 * The hot path of serving jobs ("which version is production now?"): the alias with the
 * version it names and that version's checkpoint in one statement, the model in another,
 * side by side: one round trip (decision 050).
 */
async function namedNow(modelRef: string | number, alias: string): Promise<TResolvedAlias> {
  const where = modelWhere(modelRef);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${modelRef}"`);
  const match = "id" in where ? Prisma.sql`m.id = ${where.id}::bigint` : Prisma.sql`m.name = ${where.name}`;
  const [model, [row]] = await Promise.all([
    modelByRef(modelRef),
    db().$queryRaw<(VersionSqlRow & { aliasVersion: number } & Omit<AliasRow, "alias" | "version">)[]>`
      SELECT a.version AS "aliasVersion", a.protected AS "protectionSetting", a.set_at AS "setAt", a.set_by AS "setBy", a.reason,
             ${versionColumns}
        FROM models m
        JOIN model_aliases a ON a.model_id = m.id AND a.alias = ${alias} AND a.version IS NOT NULL
       CROSS JOIN LATERAL (SELECT * FROM model_versions x WHERE x.model_id = a.model_id AND x.version = a.version LIMIT 1) v
        ${versionJoins}
       WHERE ${match}`,
  ]);
  if (!model) throw notFound(`Model "${modelRef}"`);
  if (!row) throw notFound(`Alias "${alias}" of model "${model.name}"`);
  const named = toAlias({ alias, version: row.aliasVersion, protectionSetting: row.protectionSetting, setAt: row.setAt, setBy: row.setBy, reason: row.reason });
  return { alias: named, version: toVersionFromSql(row, model), at: null };
}

async function findModel(modelRef: string | number): Promise<Model> {
  const where = modelWhere(modelRef);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${modelRef}"`);
  const match = "id" in where ? Prisma.sql`id = ${where.id}::bigint` : Prisma.sql`name = ${where.name}`;
  const [row] = await db().$queryRaw<Model[]>`SELECT id, name FROM models WHERE ${match}`;
  if (!row) throw notFound(`Model "${modelRef}"`);
  return row;
}

async function latestNow(model: Model): Promise<TAlias | null> {
  const [v] = await db().$queryRaw<{ version: number; setAt: Date; setBy: string }[]>`
    SELECT v.version, v.creation_time AS "setAt", u.username AS "setBy"
      FROM model_versions v JOIN users u ON u.id = v.user_id
     WHERE v.model_id = ${model.id} ORDER BY v.version DESC LIMIT 1`;
  return v ? latest(v) : null;
}

async function namedAt(model: Model, alias: string, at: Date): Promise<TAlias | null> {
  if (alias === LATEST_ALIAS) {
    const v = await latestAt(model.id, at);
    return v ? latest(v) : null;
  }
  return aliasAt(model.id, alias, at);
}

/** `latest` as an alias: never stored, never protected; "set" when its version was registered. */
const latest = (v: { version: number; setAt: Date; setBy: string }): TAlias =>
  ({ alias: LATEST_ALIAS, ...v, protected: false, protectionSetting: null, reason: "The highest version number." });
