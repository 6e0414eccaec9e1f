import { z } from "zod";

/** Every event a subscription can ask for (issue 13); `ping` is only ever sent by "test". */
export const WEBHOOK_EVENT_TYPES = [
  "model.created", "model.updated", "model.archived", "model.unarchived", "model.deleted",
  "version.registered", "version.updated", "version.deleted",
  "checkpoint.uploaded",
  "alias.set", "alias.moved", "alias.removed",
] as const;
export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

const ZUrl = z.string({ error: "URL is required." }).trim().min(1, "URL is required.").max(2000, "URL is too long.")
  .refine((u) => { try { const p = new URL(u).protocol; return p === "https:" || p === "http:"; } catch { return false; } },
    "URL must be an absolute http(s) URL, e.g. https://ci.example.com/hooks/registry.");

/** A model-name glob: * any run of characters, ? one character. Absent means every model; empty is refused. */
const ZModelFilter = z.string().trim().min(1, "Model filter cannot be empty: leave it out to match every model.").max(200)
  .regex(/^[A-Za-z0-9._*?-]+$/, "Model filter may use letters, digits, . _ - and the wildcards * and ?.");
const ZAliasFilter = z.string().trim().min(1, "Alias filter cannot be empty: leave it out to match every alias.").max(100)
  .regex(/^[A-Za-z0-9._-]+$/, "Alias filter is an alias name (letters, digits, . _ -).");

export const ZCreateWebhook = z.object({
  url: ZUrl,
  description: z.string().max(500, "Description is at most 500 characters.").default(""),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES, { error: (i) => `Unknown event type "${String(i.input)}"; known: ${WEBHOOK_EVENT_TYPES.join(", ")}.` }))
    .min(1, "Choose at least one event type."),
  modelFilter: ZModelFilter.optional(),
  aliasFilter: ZAliasFilter.optional(),
  /** The workspace whose events it receives; absent: every workspace (registry administrators only). */
  workspace: z.string().min(1, "Workspace cannot be empty: leave it out for every workspace.").optional(),
  enabled: z.boolean().default(true),
}).strict();
export type TCreateWebhook = z.input<typeof ZCreateWebhook>;

export const ZUpdateWebhook = z.object({
  url: ZUrl.optional(),
  description: z.string().max(500).optional(),
  events: ZCreateWebhook.shape.events.optional(),
  modelFilter: ZModelFilter.nullable().optional(),
  aliasFilter: ZAliasFilter.nullable().optional(),
  enabled: z.boolean().optional(),
}).strict();
export type TUpdateWebhook = z.input<typeof ZUpdateWebhook>;

export const ZDeliveriesQuery = z.object({
  subscription: z.uuid("subscription must be a subscription id.").optional(),
  event: z.enum([...WEBHOOK_EVENT_TYPES, "ping"], { error: "Unknown event type." }).optional(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES, { error: "status is pending, succeeded or failed." }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TDeliveriesQuery = z.input<typeof ZDeliveriesQuery>;
