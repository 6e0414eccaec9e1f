import "server-only";
import { db } from "../../db/client";
import { ZAliasName, ZAsOf, LATEST_ALIAS } from "../../schemas/alias";
import { edge } from "../edge";
import { RegistryError, notFound, parse } from "../errors";
import { findModelOrThrow } from "../models/select";
import { getVersion } from "../versions/get-version";
import type { TModelVersion } from "../versions/select";
import { aliasAt, latestAt } from "./at-queries";
import { aliasColumns, toAlias, type AliasRow, type TAlias } from "./select";

export type TResolvedAlias = {
  alias: TAlias;
  /** The version it names, read now; null only with `at`, for a version deleted since. */
  version: TModelVersion | null;
  /** The instant asked about, when one was. */
  at: Date | null;
};

/**
 * What an alias names, now or (with `at`) at an instant in the past, and that version.
 * `latest` is the highest version number (then). NOT_FOUND when it names none.
 */
export const getAlias = edge(async function getAlias(
  modelRef: string | number, name: string, opts: { at?: string | Date } = {},
): Promise<TResolvedAlias> {
  const alias = parse(ZAliasName, name);
  const at = opts.at === undefined ? null : parse(ZAsOf, opts.at instanceof Date ? opts.at.toISOString() : opts.at);
  const model = await findModelOrThrow(db(), modelRef);
  const named = at ? await namedAt(model, alias, at) : await namedNow(model, alias);
  if (!named) {
    if (at) throw new RegistryError("NOT_FOUND", `Alias "${alias}" of model "${model.name}" named no version at ${at.toISOString()}.`);
    throw notFound(`Alias "${alias}" of model "${model.name}"`);
  }
  const version = await getVersion(model.id, named.version!).catch((e) => {
    if (at && (e as { code?: string }).code === "NOT_FOUND") return null; // deleted since
    throw e;
  });
  return { alias: named, version, at };
});

type Model = { id: number; name: string };

async function namedNow(model: Model, alias: string): Promise<TAlias | null> {
  if (alias === LATEST_ALIAS) {
    const [v] = await db().$queryRaw<{ version: number; setAt: Date; setBy: string }[]>`
      SELECT v.version, v.creation_time AS "setAt", u.username AS "setBy"
        FROM model_versions v JOIN users u ON u.id = v.user_id
       WHERE v.model_id = ${model.id} ORDER BY v.version DESC LIMIT 1`;
    return v ? latest(v) : null;
  }
  const [row] = await db().$queryRaw<AliasRow[]>`
    SELECT ${aliasColumns} FROM model_aliases WHERE model_id = ${model.id} AND alias = ${alias} AND version IS NOT NULL`;
  return row ? toAlias(row) : null;
}

async function namedAt(model: Model, alias: string, at: Date): Promise<TAlias | null> {
  if (alias === LATEST_ALIAS) return latestAlias(model, at);
  return aliasAt(model.id, alias, at);
}

async function latestAlias(model: Model, at: Date): Promise<TAlias | null> {
  const v = await latestAt(model.id, at);
  return v ? latest(v) : null;
}

/** `latest` as an alias: never stored, never protected; "set" when its version was registered. */
const latest = (v: { version: number; setAt: Date; setBy: string }): TAlias =>
  ({ alias: LATEST_ALIAS, ...v, protected: false, protectionSetting: null, reason: "The highest version number." });
