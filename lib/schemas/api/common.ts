// Request schemas for the Determined-compatible REST API (docs: determined-api.md).
// Query values arrive as strings; enums travel by name. The handlers and the
// OpenAPI document both use these, so the document cannot drift from the code.
import { z } from "zod";

export const ZApiOrderBy = z.enum(["ORDER_BY_UNSPECIFIED", "ORDER_BY_ASC", "ORDER_BY_DESC"]);
export type TApiOrderBy = z.infer<typeof ZApiOrderBy>;
export const orderDirection = (o: z.infer<typeof ZApiOrderBy> | undefined, fallback: "asc" | "desc" = "asc") =>
  o === "ORDER_BY_DESC" ? "desc" : o === "ORDER_BY_ASC" ? "asc" : fallback;

const queryInt = (what: string) =>
  z.coerce.number({ error: `${what} must be a whole number.` }).int(`${what} must be a whole number.`);

/** `limit` 0 or absent: no limit. A negative `offset` counts from the end. */
export const ZApiPageQuery = z.object({
  offset: queryInt("offset").optional(),
  limit: queryInt("limit").min(0, "limit cannot be negative.").optional(),
});

export const ZQueryBool = z.stringbool({ error: "Expected true or false." });
export const ZQueryInts = (what: string) => z.array(queryInt(what));

/** The reply's pagination block. */
export const ZApiPagination = z.object({
  offset: z.number().int(),
  limit: z.number().int(),
  startIndex: z.number().int(),
  endIndex: z.number().int(),
  total: z.number().int(),
});
export type TApiPagination = z.infer<typeof ZApiPagination>;
