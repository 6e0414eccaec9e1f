import "server-only";
import { Prisma } from "../../db/client";
import { isProtected } from "./protection";

/** An alias as the registry shows it: what it names now (or named at an instant), and who set it, when and why. */
export type TAlias = {
  alias: string;
  /** The version it names; null only in a removal's "before" state, never in a read. */
  version: number | null;
  /** Whether only workspace admins may change it (its own setting, else the registry default). */
  protected: boolean;
  /** Its per-model setting: null follows the registry default (MREG_PROTECTED_ALIASES). */
  protectionSetting: boolean | null;
  setAt: Date;
  setBy: string;
  reason: string;
};

/** A model_aliases row as the raw queries below read it. */
export type AliasRow = { alias: string; version: number | null; protectionSetting: boolean | null; setAt: Date; setBy: string; reason: string };

export const aliasColumns = Prisma.sql`alias, version, protected AS "protectionSetting", set_at AS "setAt", set_by AS "setBy", reason`;

export function toAlias(row: AliasRow): TAlias {
  return { ...row, protected: isProtected(row.alias, row.protectionSetting) };
}

/** The stable id of an alias in history: "<modelId>@<alias>" (model names change, ids do not). */
export const aliasObjectId = (modelId: number, alias: string) => `${modelId}@${alias}`;
