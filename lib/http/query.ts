import { z } from "zod";
import { parse } from "../registry/errors";

// Unwraps optional/default/nullable to see whether a field is a list.
function isList(schema: z.ZodType): boolean {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodArray) return true;
    if (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) {
      s = s.unwrap() as z.ZodType;
      continue;
    }
    return false;
  }
}

/**
 * Parses a query string with a shared schema. Lists repeat the key
 * (`labels=a&labels=b`); a list field given once is a one-item list. An empty
 * value counts as absent, as Determined's clients send `name=` for "no filter".
 */
export function parseQuery<S extends z.ZodObject>(schema: S, query: URLSearchParams): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const field = schema.shape[key] as z.ZodType | undefined;
    const values = query.getAll(key).filter((v) => v !== "");
    if (!values.length) continue;
    raw[key] = field && isList(field) ? values : values.length === 1 ? values[0] : values;
  }
  return parse(schema, raw);
}
