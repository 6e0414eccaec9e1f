import { z } from "zod";
import { aliasNameProblem, aliasWriteProblem } from "./alias-name";

export * from "./alias-name";

/** An alias to read: any well-formed name, `latest` included. */
export const ZAliasName = z.string({ error: "The alias must be a string." }).superRefine((alias, ctx) => {
  const problem = aliasNameProblem(alias);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** An alias to set, move, remove or protect: `latest` is refused. */
export const ZWritableAliasName = z.string({ error: "The alias must be a string." }).superRefine((alias, ctx) => {
  const problem = aliasWriteProblem(alias);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const ZAliasReason = z.string({ error: "The reason must be a string." })
  .max(1000, "The reason must be at most 1,000 characters.")
  .transform((s) => s.trim());

const ZVersionNum = z.number({ error: "version must be a version number." })
  .int("version must be a whole number.").positive("version must be a positive version number.");

/**
 * What the version the caller saw the alias name: a number, null for "names none", or
 * absent for "whatever it names now" (last writer wins). Anything else is refused.
 */
export const ZExpectedVersion = z.union([ZVersionNum, z.null()], { error: "expectedVersion must be a version number or null." }).optional();

/** A body that is not an object says what one looks like; an unknown field is named by zod's own message. */
const bodyShape = (example: string) => (issue: { code?: string }) =>
  issue.code === "invalid_type" ? `The body must be an object like ${example}.` : undefined;

/** Point an alias at a version (set it, or move it), compare-and-set on `expectedVersion`. */
export const ZSetAlias = z.strictObject({
  version: ZVersionNum,
  expectedVersion: ZExpectedVersion,
  reason: ZAliasReason.default(""),
}, { error: bodyShape('{"version": 7, "expectedVersion": 6, "reason": "..."}') });
export type TSetAlias = z.input<typeof ZSetAlias>;

export const ZRemoveAlias = z.strictObject({
  expectedVersion: ZExpectedVersion,
  reason: ZAliasReason.default(""),
}, { error: bodyShape('{"expectedVersion": 6, "reason": "..."}') });
export type TRemoveAlias = z.input<typeof ZRemoveAlias>;

/** Protect an alias of one model (true), unprotect it (false), or follow the registry default (null). */
export const ZSetAliasProtection = z.strictObject({
  protected: z.union([z.boolean(), z.null()], { error: "protected must be true, false or null (the registry default)." }),
  reason: ZAliasReason.default(""),
}, { error: bodyShape('{"protected": true, "reason": "..."}') });
export type TSetAliasProtection = z.input<typeof ZSetAliasProtection>;

/** JavaScript rolls 2026-02-30 over to March 2nd; a day that does not exist is refused instead. */
function realDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An instant in the past to read as of: ISO 8601 with a time zone (a date alone is midnight UTC). */
export const ZAsOf = z.string({ error: "at must be a date and time." }).transform((s, ctx) => {
  const text = s.trim();
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i.test(text);
  const date = ok ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text.replace(" ", "T")) : new Date(NaN);
  if (Number.isNaN(date.getTime()) || !realDay(text)) {
    ctx.addIssue({ code: "custom", message: `at must be an ISO 8601 date and time with a time zone, such as 2026-03-14T09:00:00Z; got "${text.slice(0, 60)}".` });
    return z.NEVER;
  }
  if (date.getTime() > Date.now()) {
    ctx.addIssue({ code: "custom", message: `at (${date.toISOString()}) is in the future; the registry can only say what was.` });
    return z.NEVER;
  }
  return date;
});
