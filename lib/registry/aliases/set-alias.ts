import "server-only";
import { ZSetAlias, ZWritableAliasName, type TSetAlias } from "../../schemas/alias";
import { signedIn, type Actor } from "../actor";
import { notFound, parse } from "../errors";
import { write } from "../write";
import { assertExpected, assertMayChange } from "./guards";
import { aliasEvent } from "./history";
import { changeTime, lockAlias } from "./lock-alias";
import { aliasColumns, toAlias, type AliasRow, type TAlias } from "./select";

export type TAliasChange = { alias: TAlias; previousVersion: number | null; changed: boolean };

/**
 * Points an alias at a version: sets it when it names none, moves it otherwise. With
 * `expectedVersion` (a number, or null for "names none") it is a compare-and-set: a
 * caller who saw a stale target gets CONFLICT with the current one, and of concurrent
 * callers expecting the same target exactly one succeeds (lock-alias.ts). Setting it to
 * the version it already names changes and records nothing.
 */
export async function setAlias(
  { actor, model: modelRef, alias: name, input }: { actor: Actor; model: string | number; alias: string; input: TSetAlias },
): Promise<TAliasChange> {
  signedIn(actor);
  const alias = parse(ZWritableAliasName, name);
  const data = parse(ZSetAlias, input);
  const missing = `Version ${data.version} of model "${modelRef}" not found.`;
  // Promotions queue on one alias row; give them time rather than fail a burst.
  return write({ actor, violations: { foreignKey: missing } }, async ({ tx, actor: who, record }) => {
    const { model, row } = await lockAlias(tx, modelRef, alias);
    const current = await assertMayChange(tx, who, model, row, data.reason);
    const [exists] = await tx.$queryRaw<{ n: number }[]>`
      SELECT 1 AS n FROM model_versions WHERE model_id = ${model.id} AND version = ${data.version}`;
    if (!exists) throw notFound(`Version ${data.version} of model "${model.name}"`);
    assertExpected(model, current, data.expectedVersion);
    if (row.version === data.version) return { alias: current, previousVersion: row.version, changed: false };
    const at = await changeTime(tx, row);
    const [after] = await tx.$queryRaw<AliasRow[]>`
      UPDATE model_aliases SET version = ${data.version}, set_at = ${at}, set_by = ${who.username}, reason = ${data.reason}
       WHERE model_id = ${model.id} AND alias = ${alias}
      RETURNING ${aliasColumns}`;
    record(aliasEvent({ model, alias, before: row.version, after: data.version, reason: data.reason, at }));
    return { alias: toAlias(after), previousVersion: row.version, changed: true };
  });
}
