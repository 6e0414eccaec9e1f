import "server-only";
import type { Prisma } from "../../db/client";

export const subscriptionSelect = {
  id: true, url: true, description: true, eventTypes: true, modelFilter: true, aliasFilter: true, enabled: true,
  disabledReason: true, failingSince: true, previousSecretUntil: true, createdBy: true, createdAt: true, updatedAt: true,
  workspace: { select: { id: true, name: true } },
} satisfies Prisma.WebhookSubscriptionSelect;

type Row = Prisma.WebhookSubscriptionGetPayload<{ select: typeof subscriptionSelect }>;

/** A subscription as every adapter shows it; the secret is never part of it (shown once, on create and rotate). */
export type TWebhook = {
  id: string; url: string; description: string; events: string[]; modelFilter: string | null; aliasFilter: string | null;
  enabled: boolean; disabledReason: string | null; failingSince: Date | null; previousSecretUntil: Date | null;
  workspace: { id: number; name: string } | null; createdBy: string; createdAt: Date; updatedAt: Date;
};

export function toWebhook(r: Row): TWebhook {
  return {
    id: r.id, url: r.url, description: r.description, events: r.eventTypes, modelFilter: r.modelFilter, aliasFilter: r.aliasFilter,
    enabled: r.enabled, disabledReason: r.disabledReason, failingSince: r.failingSince, previousSecretUntil: r.previousSecretUntil,
    workspace: r.workspace, createdBy: r.createdBy, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}
