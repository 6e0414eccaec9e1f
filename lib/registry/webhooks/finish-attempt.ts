import "server-only";
import { db } from "../../db/client";

/** Failed attempts are retried for 24 hours from the first (of an event or a redelivery), then the delivery is failed. */
export const RETRY_WINDOW_MS = 24 * 3600_000;
/** A subscription whose every attempt has failed for 3 days is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;

/** Exponential backoff with jitter: ~10 s, 20 s, 40 s ... capped at 1 h, each drawn from [50%, 100%]. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(3600_000, 10_000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

export type AttemptOutcome = {
  at: Date; ok: boolean; statusCode: number | null; latencyMs: number; error: string | null; response: string;
};

/**
 * Records one attempt and what follows from it, in one transaction: the log line; the
 * delivery succeeded, retried later, or failed once its retry window is over; the
 * subscription's failing streak, which disables it after 3 days. `body` is fixed at the
 * first attempt so every retry and redelivery sends the same bytes.
 */
export async function finishAttempt(opts: {
  deliveryId: bigint; subscriptionId: string; body: string; outcome: AttemptOutcome; now: Date; random?: () => number;
}): Promise<{ status: "succeeded" | "pending" | "failed"; disabled: boolean }> {
  const { outcome: o, now } = opts;
  return db().$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { deliveryId: opts.deliveryId, at: o.at, statusCode: o.statusCode, latencyMs: o.latencyMs, error: o.error, response: o.response },
    });
    const d = await tx.webhookDelivery.findUniqueOrThrow({ where: { id: opts.deliveryId }, select: { attempts: true, retryUntil: true, body: true } });
    const attempts = d.attempts + 1;
    const retryUntil = d.retryUntil ?? new Date(now.getTime() + RETRY_WINDOW_MS);
    const status = o.ok ? "succeeded" : now >= retryUntil ? "failed" : "pending";
    await tx.webhookDelivery.update({
      where: { id: opts.deliveryId },
      data: {
        attempts, status, retryUntil, lockedUntil: null, body: d.body ?? opts.body,
        ...(status === "pending" ? { nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, opts.random)) } : {}),
      },
    });
    if (o.ok) {
      await tx.webhookSubscription.updateMany({ where: { id: opts.subscriptionId, failingSince: { not: null } }, data: { failingSince: null } });
      return { status, disabled: false };
    }
    const sub = await tx.webhookSubscription.findUniqueOrThrow({ where: { id: opts.subscriptionId }, select: { failingSince: true, enabled: true } });
    const since = sub.failingSince ?? now;
    const disable = sub.enabled && now.getTime() - since.getTime() >= DISABLE_AFTER_MS;
    await tx.webhookSubscription.update({
      where: { id: opts.subscriptionId },
      data: {
        failingSince: since,
        ...(disable ? { enabled: false, disabledReason: `Disabled at ${now.toISOString()}: every delivery failed for 3 days (since ${since.toISOString()}).` } : {}),
      },
    });
    return { status, disabled: disable };
  });
}
