import "server-only";
import { aliasWriteProblem } from "../../schemas/alias-name";

const DEFAULT = "production";

/**
 * The registry-wide protected aliases: MREG_PROTECTED_ALIASES, comma- or space-separated
 * (default "production"; empty: none). Read from the environment of each server, so
 * every instance behind a load balancer must be given the same list. Names that are not
 * valid aliases are ignored (and `latest`, which nobody sets).
 */
export function registryProtectedAliases(): string[] {
  const raw = process.env.MREG_PROTECTED_ALIASES ?? DEFAULT;
  return [...new Set(raw.split(/[\s,]+/).filter((a) => a && aliasWriteProblem(a) === null))];
}

/** An alias's protection: its per-model setting when a workspace admin made one, else the registry default. */
export function isProtected(alias: string, setting: boolean | null): boolean {
  return setting ?? registryProtectedAliases().includes(alias);
}
