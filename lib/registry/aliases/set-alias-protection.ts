import "server-only";
import { ZSetAliasProtection, ZWritableAliasName, type TSetAliasProtection } from "../../schemas/alias";
import { signedIn, type Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { parse } from "../errors";
import { assertNotArchived } from "../models/guards";
import { write } from "../write";
import { aliasProtectionEvent } from "./history";
import { changeTime, lockAlias } from "./lock-alias";
import { aliasColumns, toAlias, type AliasRow, type TAlias } from "./select";

/**
 * Protects an alias of one model (true), unprotects it (false), or returns it to the
 * registry default (null). Workspace admins only; works for an alias that names no
 * version yet, so "production" can be protected before its first promotion.
 */
export async function setAliasProtection(
  { actor, model: modelRef, alias: name, input }: { actor: Actor; model: string | number; alias: string; input: TSetAliasProtection },
): Promise<TAlias> {
  signedIn(actor);
  const alias = parse(ZWritableAliasName, name);
  const data = parse(ZSetAliasProtection, input);
  return write({ actor }, async ({ tx, actor: who, record }) => {
    const { model, row } = await lockAlias(tx, modelRef, alias);
    await authorize(tx, who, "alias.protect", model.workspaceId);
    assertNotArchived(model, "changed (its aliases included)");
    if (row.protectionSetting === data.protected) return toAlias(row);
    const [after] = await tx.$queryRaw<AliasRow[]>`
      UPDATE model_aliases SET protected = ${data.protected} WHERE model_id = ${model.id} AND alias = ${alias}
      RETURNING ${aliasColumns}`;
    const result = toAlias(after);
    record(aliasProtectionEvent({
      model, alias, before: row.protectionSetting, after: data.protected, effective: result.protected, reason: data.reason,
      at: await changeTime(tx, row),
    }));
    return result;
  });
}
