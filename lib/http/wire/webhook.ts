import { z } from "zod";
import type { TWebhook, TWebhookDelivery } from "../../registry";

export const ZWireWebhook = z.object({
  id: z.string(), url: z.string(), description: z.string(), events: z.array(z.string()),
  modelFilter: z.string().nullable(), aliasFilter: z.string().nullable(), workspace: z.string().nullable().describe("null: every workspace"),
  enabled: z.boolean(), disabledReason: z.string().nullable().describe("set when 3 days of failed deliveries disabled it"),
  failingSince: z.string().nullable(), previousSecretUntil: z.string().nullable().describe("the replaced secret signs too until then"),
  createdBy: z.string(), createdAt: z.string(), updatedAt: z.string(),
});
export const ZWireDelivery = z.object({
  id: z.string(), webhookId: z.string().describe("the webhook-id header, the same on every attempt"), subscriptionId: z.string(), url: z.string(),
  eventType: z.string(), historyId: z.string().nullable(), status: z.enum(["pending", "succeeded", "failed"]), attempts: z.number().int(),
  createdAt: z.string(), nextAttemptAt: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), statusCode: z.number().int().nullable(), latencyMs: z.number().int(), error: z.string().nullable(), response: z.string().describe("first 1 KB of the answer") })),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function wireWebhook(w: TWebhook): z.infer<typeof ZWireWebhook> {
  return {
    id: w.id, url: w.url, description: w.description, events: w.events, modelFilter: w.modelFilter, aliasFilter: w.aliasFilter,
    workspace: w.workspace?.name ?? null, enabled: w.enabled, disabledReason: w.disabledReason, failingSince: iso(w.failingSince),
    previousSecretUntil: iso(w.previousSecretUntil), createdBy: w.createdBy, createdAt: w.createdAt.toISOString(), updatedAt: w.updatedAt.toISOString(),
  };
}

export function wireDelivery(d: TWebhookDelivery): z.infer<typeof ZWireDelivery> {
  return {
    ...d, status: d.status as "pending" | "succeeded" | "failed", createdAt: d.createdAt.toISOString(), nextAttemptAt: iso(d.nextAttemptAt),
    log: d.log.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}
