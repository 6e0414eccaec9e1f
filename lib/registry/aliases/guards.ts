import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { authorize } from "../auth/authorize";
import { RegistryError } from "../errors";
import { assertNotArchived } from "../models/guards";
import type { AliasModel } from "./lock-alias";
import { toAlias, type AliasRow, type TAlias } from "./select";

/**
 * Who may change this alias, on a model that accepts changes: editors, admins only for a
 * protected alias (with a reason). Checked under the locks lockAlias() took, in the order
 * a refusal is reported: role, archived, reason.
 */
export async function assertMayChange(
  tx: Prisma.TransactionClient, who: Actor, model: AliasModel, row: AliasRow, reason: string,
): Promise<TAlias> {
  const current = toAlias(row);
  await authorize(tx, who, "alias.set", model.workspaceId);
  if (current.protected) await authorize(tx, who, "alias.set-protected", model.workspaceId);
  assertNotArchived(model, "changed (its aliases included)");
  if (current.protected && !reason) {
    throw new RegistryError("INVALID", `Alias "${row.alias}" of model "${model.name}" is protected: give a reason for the change.`, { reason: "A reason is required for a protected alias." });
  }
  return current;
}

/**
 * A compare-and-set that lost: someone changed the alias since the caller read it. The
 * error carries the alias as it is now (`currentAlias`), which REST returns as
 * `currentTarget` and the web UI shows as "who won".
 */
export function assertExpected(model: AliasModel, current: TAlias, expected: number | null | undefined): void {
  if (expected === undefined || expected === current.version) return;
  const what = (v: number | null) => (v === null ? "no version" : `version ${v}`);
  const by = current.setBy ? ` (${current.setBy}, ${current.setAt.toISOString()}${current.reason ? `: "${current.reason}"` : ""})` : "";
  throw new RegistryError(
    "CONFLICT",
    `Alias "${current.alias}" of model "${model.name}" names ${what(current.version)}${by}, not ${what(expected)} as you expected: someone changed it since you looked. Nothing was changed.`,
    {},
    { current, currentAlias: current },
  );
}
