import "server-only";
import { ZRemoveAlias, ZWritableAliasName, type TRemoveAlias } from "../../schemas/alias";
import { signedIn, type Actor } from "../actor";
import { notFound, parse } from "../errors";
import { write } from "../write";
import { assertExpected, assertMayChange } from "./guards";
import { aliasEvent } from "./history";
import { changeTime, lockAlias } from "./lock-alias";
import { aliasColumns, toAlias, type AliasRow } from "./select";
import type { TAliasChange } from "./set-alias";

/**
 * Removes an alias: it names no version from now on. The row stays (version null), with
 * its protection, as the lock later changes queue on and for `?at=`. Compare-and-set on
 * `expectedVersion` as for setAlias.
 */
export async function removeAlias(
  { actor, model: modelRef, alias: name, input = {} }: { actor: Actor; model: string | number; alias: string; input?: TRemoveAlias },
): Promise<TAliasChange> {
  signedIn(actor);
  const alias = parse(ZWritableAliasName, name);
  const data = parse(ZRemoveAlias, input);
  return write({ actor }, async ({ tx, actor: who, record }) => {
    const { model, row } = await lockAlias(tx, modelRef, alias);
    const current = await assertMayChange(tx, who, model, row, data.reason);
    // Expecting a version it no longer names is a lost race (409, with who removed it);
    // otherwise an alias that names nothing is unknown.
    assertExpected(model, current, data.expectedVersion ?? undefined);
    if (row.version === null) throw notFound(`Alias "${alias}" of model "${model.name}"`);
    const at = await changeTime(tx, row);
    const [after] = await tx.$queryRaw<AliasRow[]>`
      UPDATE model_aliases SET version = NULL, set_at = ${at}, set_by = ${who.username}, reason = ${data.reason}
       WHERE model_id = ${model.id} AND alias = ${alias}
      RETURNING ${aliasColumns}`;
    record(aliasEvent({ model, alias, before: row.version, after: null, reason: data.reason, at }));
    return { alias: toAlias(after), previousVersion: row.version, changed: true };
  });
}
