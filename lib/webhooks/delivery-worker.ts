import "server-only";
import { claimDueDeliveries, type ClaimedDelivery } from "../registry/webhooks/claim-deliveries";
import { messageId } from "../registry/webhooks/deliveries";
import { deliveryEventFacts, deliveryTargets } from "../registry/webhooks/delivery-work";
import { finishAttempts, type FinishedAttempt } from "../registry/webhooks/finish-attempt";
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
 *
 * Database work is batched so it does not grow with the number of subscriptions: one
 * claim, one read of the batch's subscriptions, one payload per event (shared by the
 * subscriptions it goes to), and one transaction recording whatever attempts finished
 * meanwhile (finishAttempts).
 */
export class DeliveryWorker {
  private readonly clock: Clock;
  private readonly inFlight = new Map<string, number>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private passing: Promise<number> | undefined;
  private readonly active = new Set<Promise<void>>();
  private finished: FinishedAttempt[] = [];
  private recording: Promise<void> | undefined;
  private readonly o: Required<Omit<WorkerOptions, "clock" | "log">> & { log: (line: string) => void };

  constructor(opts: WorkerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.o = {
      concurrency: opts.concurrency ?? 64, perSubscription: opts.perSubscription ?? 8, pollMs: opts.pollMs ?? 200,
      leaseMs: opts.leaseMs ?? 30_000, timeoutMs: opts.timeoutMs ?? 10_000, random: opts.random ?? Math.random, log: opts.log ?? (() => {}),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      let claimed = 0;
      try { claimed = await this.pass(); } catch (err) { this.o.log(`webhook delivery pass failed: ${err instanceof Error ? err.message : err}`); }
      // Busy: look again soon (slots free up as attempts finish); idle: poll.
      if (!this.stopped) this.timer = setTimeout(() => void tick(), claimed || this.running ? 20 : this.o.pollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  /** Stops claiming and waits for the attempts in flight (a claim not finished is retried elsewhere after its lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.passing?.catch(() => {});
    await Promise.allSettled([...this.active]);
    await this.record();
  }

  /** One claim; starts its attempts without waiting for them. Returns how many it claimed. */
  pass(): Promise<number> {
    this.passing ??= this.claimAndStart().finally(() => { this.passing = undefined; });
    return this.passing;
  }

  /** Tests: passes until nothing is due and nothing is in flight or unrecorded. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.pass();
      if (!claimed && !this.active.size) { await this.record(); if (!(await this.pass())) return; }
      if (this.active.size) await Promise.race([...this.active]);
    }
  }

  private async claimAndStart(): Promise<number> {
    const free = this.o.concurrency - this.running;
    const saturated = [...this.inFlight].filter(([, n]) => n >= this.o.perSubscription).map(([id]) => id);
    const now = this.clock.now();
    const claimed = await claimDueDeliveries({ now, limit: free, leaseMs: this.o.leaseMs, skipSubscriptions: saturated });
    if (!claimed.length) return 0;
    const mine: ClaimedDelivery[] = [];
    const over: ClaimedDelivery[] = [];
    for (const d of claimed) {
      const n = this.inFlight.get(d.subscriptionId) ?? 0;
      if (n >= this.o.perSubscription) { over.push(d); continue; }
      this.inFlight.set(d.subscriptionId, n + 1);
      mine.push(d);
    }
    // Over one subscription's bound: handed back at once for a later pass (or another instance).
    if (over.length) {
      const { db } = await import("../db/client");
      await db().webhookDelivery.updateMany({ where: { id: { in: over.map((d) => d.id) }, status: "pending" }, data: { lockedUntil: null } });
    }
    const targets = await deliveryTargets(mine.map((d) => d.subscriptionId), now).catch((err) => {
      for (const d of mine) this.release(d);
      throw err;
    });
    const bodies = new Map<string, Promise<string>>();
    const bodyOf = (d: ClaimedDelivery): Promise<string> => {
      if (d.body !== null) return Promise.resolve(d.body);
      const key = `${d.historyId}:${d.eventType}`;
      if (!bodies.has(key)) {
        bodies.set(key, (d.historyId !== null ? deliveryEventFacts(d.historyId, d.eventType) : Promise.resolve(null))
          .then((f) => (f ? webhookPayload(f) : JSON.stringify({ id: `evt_missing_${d.historyId}`, type: d.eventType, changes: [] }))));
      }
      return bodies.get(key)!;
    };
    for (const d of mine) {
      this.running++;
      const p: Promise<void> = this.attempt(d, targets.get(d.subscriptionId), bodyOf)
        .catch((err) => this.o.log(`webhook delivery ${d.id} failed to run: ${err instanceof Error ? err.message : err}`))
        .finally(() => { this.release(d); this.active.delete(p); });
      this.active.add(p);
    }
    return mine.length;
  }

  private release(d: ClaimedDelivery): void {
    this.running = Math.max(0, this.running - 1);
    const n = (this.inFlight.get(d.subscriptionId) ?? 1) - 1;
    if (n > 0) this.inFlight.set(d.subscriptionId, n); else this.inFlight.delete(d.subscriptionId);
  }

  private async attempt(d: ClaimedDelivery, target: { url: string; secrets: string[] } | undefined, bodyOf: (d: ClaimedDelivery) => Promise<string>): Promise<void> {
    if (!target) return; // deleted meanwhile: its deliveries went with it
    const now = this.clock.now();
    const body = await bodyOf(d);
    const sent = await postWebhook({ url: target.url, msgId: messageId(d.id), body, secrets: target.secrets, timeoutMs: this.o.timeoutMs });
    // The log's time is the worker clock's (the signature's timestamp is wall time: receivers check it against theirs).
    this.finished.push({ deliveryId: d.id, subscriptionId: d.subscriptionId, body, outcome: { ...sent, at: now }, attemptsBefore: d.attempts });
    await this.record();
  }

  /** Records every finished attempt not yet recorded; concurrent callers share one transaction at a time. */
  private async record(): Promise<void> {
    while (this.recording) await this.recording;
    if (!this.finished.length) return;
    const batch = this.finished;
    this.finished = [];
    this.recording = finishAttempts({ attempts: batch, now: this.clock.now(), random: this.o.random })
      .then((disabled) => { for (const id of disabled) this.o.log(`webhook ${id} disabled: every delivery failed for 3 days`); })
      .finally(() => { this.recording = undefined; });
    await this.recording;
  }
}
