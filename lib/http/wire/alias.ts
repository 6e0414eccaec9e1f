import type { TWireAlias } from "../../schemas/api";
import type { TAlias } from "../../registry";

/** An alias on the wire (ours, issue 12). */
export function wireAlias(a: TAlias): TWireAlias {
  return {
    alias: a.alias,
    version: a.version,
    protected: a.protected,
    protectionSetting: a.protectionSetting,
    setAt: a.setAt.toISOString(),
    setBy: a.setBy,
    reason: a.reason,
  };
}

