import "server-only";
import { claimDueDeliveries, type ClaimedDelivery } from "../registry/webhooks/claim-deliveries";
import { messageId } from "../registry/webhooks/deliveries";
import { deliveryEventFacts, deliveryTarget } from "../registry/webhooks/delivery-work";
import { finishAttempt, type AttemptOutcome } from "../registry/webhooks/finish-attempt";
import { webhookPayload } from "./payload";
import { postWebhook } from "./post-webhook";

export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };

export type WorkerOptions = {
  clock?: Clock;
  /** Attempts in flight in this instance, and per subscription (a slow receiver holds at most that many). */
  concurrency?: number;
  perSubscription?: number;
  pollMs?: number;
  /** How long a claim keeps other instances off a delivery: longer than an attempt can take. */
  leaseMs?: number;
  timeoutMs?: number;
  random?: () => number;
  log?: (line: string) => void;
};

/**
 * Sends due deliveries (every instance runs one; claims keep them apart, see
 * claimDueDeliveries). Attempts run concurrently up to `concurrency`, and at most
 * `perSubscription` per subscription, so a slow or dead receiver delays only its own
 * deliveries; the changes themselves never wait for a delivery (they only wrote rows).
 */
export class DeliveryWorker {
  private readonly clock: Clock;
  private readonly inFlight = new Map<string, number>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private passing: Promise<number> | undefined;
  private readonly active = new Set<Promise<void>>();
  private readonly o: Required<Omit<WorkerOptions, "clock" | "log">> & { log: (line: string) => void };

  constructor(opts: WorkerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.o = {
      concurrency: opts.concurrency ?? 16, perSubscription: opts.perSubscription ?? 4, pollMs: opts.pollMs ?? 200,
      leaseMs: opts.leaseMs ?? 30_000, timeoutMs: opts.timeoutMs ?? 10_000, random: opts.random ?? Math.random, log: opts.log ?? (() => {}),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try { await this.pass(); } catch (err) { this.o.log(`webhook delivery pass failed: ${err instanceof Error ? err.message : err}`); }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.o.pollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  /** Stops claiming and waits for the attempts in flight (a claim not finished is retried elsewhere after its lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.passing?.catch(() => {});
    await Promise.allSettled([...this.active]);
  }

  /** One claim; starts its attempts without waiting for them. Returns how many it claimed. */
  pass(): Promise<number> {
    this.passing ??= this.claimAndStart().finally(() => { this.passing = undefined; });
    return this.passing;
  }

  /** Tests: passes until nothing is due and nothing is in flight. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.pass();
      if (!claimed && !this.active.size) return;
      if (this.active.size) await Promise.race([...this.active]);
    }
  }

  private async claimAndStart(): Promise<number> {
    const free = this.o.concurrency - this.running;
    const saturated = [...this.inFlight].filter(([, n]) => n >= this.o.perSubscription).map(([id]) => id);
    const claimed = await claimDueDeliveries({ now: this.clock.now(), limit: free, leaseMs: this.o.leaseMs, skipSubscriptions: saturated });
    let started = 0;
    for (const d of claimed) {
      // Over the per-subscription bound within this batch: leave it to the lease (or a later pass after release).
      if ((this.inFlight.get(d.subscriptionId) ?? 0) >= this.o.perSubscription) { await this.release(d); continue; }
      this.inFlight.set(d.subscriptionId, (this.inFlight.get(d.subscriptionId) ?? 0) + 1);
      this.running++;
      started++;
      const p: Promise<void> = this.attempt(d)
        .catch((err) => this.o.log(`webhook delivery ${d.id} failed to run: ${err instanceof Error ? err.message : err}`))
        .finally(() => {
          this.running--;
          const n = (this.inFlight.get(d.subscriptionId) ?? 1) - 1;
          if (n) this.inFlight.set(d.subscriptionId, n); else this.inFlight.delete(d.subscriptionId);
          this.active.delete(p);
        });
      this.active.add(p);
    }
    return started;
  }

  private async release(d: ClaimedDelivery): Promise<void> {
    const { db } = await import("../db/client");
    await db().webhookDelivery.updateMany({ where: { id: d.id, status: "pending" }, data: { lockedUntil: null } });
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    const now = this.clock.now();
    const target = await deliveryTarget(d.subscriptionId, now);
    if (!target) return; // deleted meanwhile: its deliveries went with it
    let body = d.body;
    if (body === null) {
      const facts = d.historyId !== null ? await deliveryEventFacts(d.historyId, d.eventType) : null;
      body = facts ? webhookPayload(facts) : JSON.stringify({ id: `evt_missing_${d.id}`, type: d.eventType, changes: [] });
    }
    const sent = await postWebhook({ url: target.url, msgId: messageId(d.id), body, secrets: target.secrets, timeoutMs: this.o.timeoutMs });
    // The log's time is the worker clock's (the signature's timestamp is wall time: receivers check it against theirs).
    const outcome: AttemptOutcome = { ...sent, at: now };
    const result = await finishAttempt({ deliveryId: d.id, subscriptionId: d.subscriptionId, body, outcome, now: this.clock.now(), random: this.o.random });
    if (result.disabled) this.o.log(`webhook ${d.subscriptionId} disabled: every delivery failed for 3 days`);
  }
}
