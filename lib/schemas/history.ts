import { z } from "zod";
import { limits } from "./limits";

/** Query of the history routes: numbers arrive as strings in a query string. */
export const ZHistoryQuery = z.object({
  offset: z.coerce.number({ error: "Offset must be a whole number." }).int("Offset must be a whole number.")
    .min(0, "Offset cannot be negative.").default(0),
  limit: z.coerce.number({ error: "Limit must be a whole number." }).int("Limit must be a whole number.")
    .min(0, "Limit cannot be negative.").max(limits.pageSizeMax, `Limit is at most ${limits.pageSizeMax}.`).default(100),
});
export type THistoryQuery = z.input<typeof ZHistoryQuery>;
