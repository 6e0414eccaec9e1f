import "server-only";
import { db, Prisma } from "../../db/client";
import { ZAliasName, ZAsOf, LATEST_ALIAS } from "../../schemas/alias";
import { edge } from "../edge";
import { RegistryError, notFound, parse } from "../errors";
import { modelWhere } from "../models/select";
import type { TModelVersion } from "../versions/select";
import { versionByNumber } from "../versions/version-by-number";
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
type Found = { id: number; name: string } & ({ [K in keyof AliasRow]: AliasRow[K] | null });

/**
 * What an alias names, now or (with `at`) at an instant in the past, and that version.
 * `latest` is the highest version number (then). NOT_FOUND when it names none. The
 * hot path of serving jobs ("which version is production?"): the model and the alias in
 * one statement, then the version and its model in one each, side by side (decision 050).
 */
export const getAlias = edge(async function getAlias(
  modelRef: string | number, name: string, opts: { at?: string | Date } = {},
): Promise<TResolvedAlias> {
  const alias = parse(ZAliasName, name);
  const at = opts.at === undefined ? null : parse(ZAsOf, opts.at instanceof Date ? opts.at.toISOString() : opts.at);
  const found = await modelAndAlias(modelRef, alias);
  const model = { id: found.id, name: found.name };
  const named = at ? await namedAt(model, alias, at)
    : alias === LATEST_ALIAS ? await latestNow(model)
    : found.version === null ? null : toAlias(found as AliasRow);
  if (!named) {
    if (at) throw new RegistryError("NOT_FOUND", `Alias "${alias}" of model "${model.name}" named no version at ${at.toISOString()}.`);
    throw notFound(`Alias "${alias}" of model "${model.name}"`);
  }
  const version = await versionByNumber(model.id, named.version!);
  // The version an alias names now always exists (a foreign key); one it named then may be gone.
  if (!version && !at) throw notFound(`Version ${named.version} of model "${model.name}"`);
  return { alias: named, version, at };
});

/** The model (by name, or id when all digits) and the alias's row if it names a version. */
async function modelAndAlias(modelRef: string | number, alias: string): Promise<Found> {
  const where = modelWhere(modelRef);
  if ("id" in where && !Number.isSafeInteger(where.id)) throw notFound(`Model "${modelRef}"`);
  const match = "id" in where ? Prisma.sql`m.id = ${where.id}` : Prisma.sql`m.name = ${where.name}`;
  const [row] = await db().$queryRaw<Found[]>`
    SELECT m.id, m.name, a.alias, a.version, a.protected AS "protectionSetting", a.set_at AS "setAt", a.set_by AS "setBy", a.reason
      FROM models m
      LEFT JOIN model_aliases a ON a.model_id = m.id AND a.alias = ${alias} AND a.version IS NOT NULL
     WHERE ${match}`;
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
