import { z } from "zod";
import { ZPage } from "./common";
import { limits } from "./limits";

/** Query of the history routes: numbers arrive as strings in a query string. */
export const ZHistoryQuery = z.object({
  offset: z.coerce.number({ error: "Offset must be a whole number." }).int("Offset must be a whole number.")
    .min(0, "Offset cannot be negative.").default(0),
  limit: z.coerce.number({ error: "Limit must be a whole number." }).int("Limit must be a whole number.")
    .min(0, "Limit cannot be negative.").max(limits.pageSizeMax, `Limit is at most ${limits.pageSizeMax}.`).default(100),
});
export type THistoryQuery = z.input<typeof ZHistoryQuery>;

/** One object's history: a model (with its versions' events unless told otherwise), a version, a checkpoint, a user or a role. */
export const ZListHistory = ZPage.extend({
  objectType: z.enum(["MODEL", "MODEL_VERSION", "CHECKPOINT", "USER", "ROLE", "ALIAS", "WORKSPACE"], { error: "Unknown object type." }),
  objectId: z.union([z.string().min(1), z.number().int()]),
  /** For a model: also its versions' events (registrations, edits, deletions). */
  includeVersions: z.boolean().default(true),
});
export type TListHistory = z.input<typeof ZListHistory>;
