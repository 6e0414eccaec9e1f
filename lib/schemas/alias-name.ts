// The alias naming rule as plain functions, with no zod: client components import this
// file directly (not the lib/schemas barrel) to check an alias as the user types.
// ZAliasName runs the same function on the server; the CLI imports it too.

/** Always means the highest version number; never stored, never set by hand. */
export const LATEST_ALIAS = "latest";
export const ALIAS_MAX_LENGTH = 64;
export const ALIAS_RULE = "Aliases are 1-64 lowercase letters, digits, '-' or '_', and not all digits.";

/** Why an alias name is unacceptable (the rule, in words), or null. `latest` is well-formed but reserved. */
export function aliasNameProblem(alias: string): string | null {
  if (typeof alias !== "string" || alias === "") return `An alias is required. ${ALIAS_RULE}`;
  if (alias.length > ALIAS_MAX_LENGTH) return `Alias "${alias.slice(0, 80)}" is too long. ${ALIAS_RULE}`;
  if (!/^[a-z0-9_-]+$/.test(alias)) return `"${alias}" is not a valid alias. ${ALIAS_RULE}`;
  // A digit string after "@" is a version number (name@7), so an alias cannot be one.
  if (/^\d+$/.test(alias)) return `"${alias}" is not a valid alias: all digits means a version number. ${ALIAS_RULE}`;
  return null;
}

/** Why this alias may not be set or removed by hand, or null. */
export function aliasWriteProblem(alias: string): string | null {
  if (alias === LATEST_ALIAS) return `"${LATEST_ALIAS}" is reserved: it always means the highest version number, and cannot be set or removed.`;
  return aliasNameProblem(alias);
}

/**
 * How "name@ref" splits when no model is literally named so (an exact model name always
 * wins; the caller checks that first): on the last "@", so a model named "a@b" is still
 * reachable as "a@b@production". `ref` is a version number (all digits) or an alias.
 * Null when there is no "@" with text on both sides.
 */
export function splitVersionRef(text: string): { model: string; ref: string } | null {
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return null;
  return { model: text.slice(0, at), ref: text.slice(at + 1) };
}
