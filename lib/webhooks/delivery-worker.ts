import "server-only";
import { claimDueDeliveries, type ClaimCursor, type ClaimedDelivery } from "../registry/webhooks/claim-deliveries";
import { messageId } from "../registry/webhooks/deliveries";
import { deliveryEventFactsMany, deliveryTargets } from "../registry/webhooks/delivery-work";
import { fanOutEvents } from "../registry/webhooks/fan-out-events";
import { finishAttempts, type FinishedAttempt } from "../registry/webhooks/finish-attempt";
import { requestsInFlight } from "../process/lifecycle";
import { listenForDueDeliveries } from "./due-listener";
import { webhookPayload } from "./payload";
import { postWebhook } from "./post-webhook";

export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };

export type WorkerOptions = {
  clock?: Clock;
  /** Attempts in flight in this instance, and per subscription (a slow receiver holds at most that many). */
  concurrency?: number;
  perSubscription?: number;
  /** How often to look for due rows without being woken (retries coming due, leases running out, a missed notification). */
  pollMs?: number;
  /** The least time between two claims: changes arriving meanwhile are claimed together. */
  batchMs?: number;
  /** How many consecutive first attempts of one model to one subscription a claim takes, sent one after another. */
  chain?: number;
  /**
   * The server is saturated with its users' requests: new claims wait (decision 211),
   * at most `maxHoldMs` at a time. Default: 32 or more requests in flight in this process.
   */
  busy?: () => boolean;
  maxHoldMs?: number;
  /** How long a claim keeps other instances off a delivery: longer than an attempt can take. */
  leaseMs?: number;
  timeoutMs?: number;
  random?: () => number;
  log?: (line: string) => void;
};

/** Requests in flight from which the server counts as saturated (decision 211): the bench's 64 registering clients keep ~64. */
const BUSY_REQUESTS = 32;

/** Payloads built lately, by event: the deliveries of one event to its subscriptions are seldom claimed in one pass. */
const BODY_CACHE = 4096;

/**
 * Sends due deliveries (every instance runs one; claims keep them apart, see
 * claimDueDeliveries). Attempts run concurrently up to `concurrency`, and at most
 * `perSubscription` per subscription, so a slow or dead receiver delays only its own
 * deliveries; the changes themselves never wait for a delivery (they only wrote rows).
 *
 * Woken (decision 082): by a notification when a change that wrote outbox events commits
 * (due-listener), when recorded attempts let the next event of a model go, and when an
 * attempt frees a slot the last claim had to do without; otherwise every `pollMs`.
 * Claims are at least `batchMs` apart so a burst of changes costs one claim.
 *
 * Database work is batched so it does not grow with the number of subscriptions nor
 * with the rate of changes: one fan-out of committed events into their deliveries
 * (fanOutEvents, decision 150), one claim (two statements), one read of the batch's
 * subscriptions, payload facts for all its new events in four statements (each event's
 * payload built once and shared by its subscriptions), and one statement recording
 * whatever attempts finished meanwhile (finishAttempts). A slot is held for the HTTP
 * attempt only; the row stays leased (and its model's next event waits) until recorded.
 */
export class DeliveryWorker {
  private readonly clock: Clock;
  private readonly inFlight = new Map<string, number>();
  private running = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private stopping = false;
  private passing: Promise<number> | undefined;
  private readonly active = new Set<Promise<void>>();
  private finished: FinishedAttempt[] = [];
  private recording: Promise<void> | undefined;
  private cursor: ClaimCursor = null;
  private lastPassAt = 0;
  /** The last claim was cut short by the slots (or found work): claim again when slots free up. */
  private wanting = false;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly bodies = new Map<string, Promise<string>>();
  private readonly o: Required<Omit<WorkerOptions, "clock" | "log">> & { log: (line: string) => void };
  /** Since when claims have been held for a busy server (clock time, ms); undefined: not held. */
  private heldSince: number | undefined;

  constructor(opts: WorkerOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.o = {
      concurrency: opts.concurrency ?? 256, perSubscription: opts.perSubscription ?? 32, pollMs: opts.pollMs ?? 250, batchMs: opts.batchMs ?? 40, chain: opts.chain ?? 16,
      busy: opts.busy ?? (() => requestsInFlight() >= BUSY_REQUESTS), maxHoldMs: opts.maxHoldMs ?? 2000,
      leaseMs: opts.leaseMs ?? 30_000, timeoutMs: opts.timeoutMs ?? 10_000, random: opts.random ?? Math.random, log: opts.log ?? (() => {}),
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.unlisten = listenForDueDeliveries(() => this.wake(), this.o.log);
    this.wake();
  }

  /** Stops claiming and waits for the attempts in flight (a claim not finished is retried elsewhere after its lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.unlisten?.();
    await this.passing?.catch(() => {});
    await Promise.allSettled([...this.active]);
    await this.record();
  }

  /** Asks for a claim soon: at once if the last one was `batchMs` ago, else when it will have been. */
  private wake(): void {
    if (this.stopped) return;
    const wait = Math.max(0, this.lastPassAt + this.o.batchMs - performance.now());
    if (this.timer && this.timerDue <= performance.now() + wait) return;
    clearTimeout(this.timer);
    this.timerDue = performance.now() + wait;
    this.timer = setTimeout(() => void this.tick(), wait);
  }
  private timerDue = 0;

  private async tick(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.passing) { await this.passing.catch(() => {}); return this.wake(); }
    try { await this.pass(); } catch (err) { this.o.log(`webhook delivery pass failed: ${err instanceof Error ? err.message : err}`); }
    if (this.stopped || this.timer) return;
    // Found work: look again soon; idle: poll.
    this.timerDue = performance.now() + (this.wanting ? this.o.batchMs : this.o.pollMs);
    this.timer = setTimeout(() => void this.tick(), this.timerDue - performance.now());
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
      await this.recording;
    }
  }

  private async claimAndStart(): Promise<number> {
    this.lastPassAt = performance.now();
    if (this.holdForRequests()) { this.wanting = true; return 0; }
    // Committed events become deliveries first (one instance at a time), so this claim sees them.
    await fanOutEvents().catch((err) => this.o.log(`webhook events not fanned out (they wait for the next pass): ${err instanceof Error ? err.message : err}`));
    const free = this.o.concurrency - this.running;
    if (free <= 0) { this.wanting = true; return 0; }
    const now = this.clock.now();
    const { claimed, cursor } = await claimDueDeliveries({
      now, limit: free, leaseMs: this.o.leaseMs, perSubscription: this.o.perSubscription, inFlight: this.inFlight, cursor: this.cursor, chain: this.o.chain,
    });
    this.cursor = cursor;
    this.wanting = claimed.length > 0;
    if (!claimed.length) return 0;
    // One slot per chain (a model's first attempts to one subscription, sent in order) or single row.
    const lanes = new Map<string, ClaimedDelivery[]>();
    for (const d of claimed) {
      const key = d.attempts === 0 && d.modelId !== null ? `${d.subscriptionId}/${d.modelId}` : `row ${d.id}`;
      lanes.set(key, [...(lanes.get(key) ?? []), d]);
    }
    for (const [, lane] of lanes) this.take(lane[0].subscriptionId);
    let targets: Awaited<ReturnType<typeof deliveryTargets>>;
    try {
      targets = await deliveryTargets(claimed.map((d) => d.subscriptionId), now);
      await this.buildBodies(claimed);
    } catch (err) {
      for (const [, lane] of lanes) this.release(lane[0].subscriptionId);
      throw err;
    }
    const leasedUntil = now.getTime() + this.o.leaseMs;
    for (const [, lane] of lanes) {
      const p: Promise<void> = this.sendLane(lane, targets.get(lane[0].subscriptionId), leasedUntil)
        .catch((err) => this.o.log(`webhook delivery ${lane[0].id} failed to run: ${err instanceof Error ? err.message : err}`))
        .finally(() => { this.release(lane[0].subscriptionId); this.active.delete(p); });
      this.active.add(p);
    }
    return claimed.length;
  }

  /**
   * Sends a lane's deliveries one after another: each first attempt starts after the one
   * before it finished, so a model's events keep their order. Stops early when an attempt
   * fails (the rest are likely to fail too; they need not wait for its retries), when the
   * worker stops, or when the lease could run out before the next attempt ends (another
   * instance could then send it too). The lane's attempts are recorded together when it
   * ends (decision 190): until then its head stays pending and leased, which keeps the
   * chain's unleased followers out of every other claim; the ones not sent need no handing
   * back.
   */
  private async sendLane(lane: ClaimedDelivery[], target: { url: string; secrets: string[] } | undefined, leasedUntil: number): Promise<void> {
    if (!target) return; // deleted meanwhile: its deliveries went with it
    const done: FinishedAttempt[] = [];
    try {
      for (let i = 0; i < lane.length; i++) {
        const late = this.clock.now().getTime() + this.o.timeoutMs + 1000 > leasedUntil;
        if (i > 0 && (this.stopping || late)) return;
        const a = await this.attempt(lane[i], target);
        done.push(a);
        if (!a.outcome.ok) return;
      }
    } finally {
      this.finished.push(...done);
      if (done.length) this.recordSoon();
    }
  }

  /**
   * Payloads of the batch's events not sent yet, built from facts read for all of them at
   * once, each once however many subscriptions it goes to. Kept a while by event, so the
   * event's other deliveries claimed before its payload is recorded send the same bytes;
   * once recorded (webhook_payloads, decision 190) claims return the stored bytes instead.
   */
  private async buildBodies(claimed: ClaimedDelivery[]): Promise<void> {
    const key = (d: ClaimedDelivery) => `${d.historyId}:${d.eventType}`;
    const missing = claimed.filter((d) => d.body === null && d.historyId !== null && !this.bodies.has(key(d)));
    if (!missing.length) return;
    const facts = deliveryEventFactsMany(missing.map((d) => d.historyId!));
    for (const d of missing) {
      if (this.bodies.has(key(d))) continue;
      const body = facts.then((all) => {
        const f = all.get(String(d.historyId));
        return f ? webhookPayload({ ...f, type: d.eventType }) : JSON.stringify({ id: `evt_missing_${d.historyId}`, type: d.eventType, changes: [] });
      });
      body.catch(() => this.bodies.delete(key(d)));
      this.bodies.set(key(d), body);
    }
    while (this.bodies.size > BODY_CACHE) this.bodies.delete(this.bodies.keys().next().value!);
    await facts;
  }

  private bodyOf(d: ClaimedDelivery): Promise<string> {
    if (d.body !== null) return Promise.resolve(d.body);
    return this.bodies.get(`${d.historyId}:${d.eventType}`) ?? Promise.resolve(JSON.stringify({ id: `evt_missing_${d.historyId}`, type: d.eventType, changes: [] }));
  }

  /**
   * Whether this pass claims nothing because the server is saturated with requests
   * (decision 211): deliveries then wait for the burst to pass (a pass every `batchMs`
   * looks again) rather than take CPU and connections from the changes that emit them.
   * Attempts already started go on. Held at most `maxHoldMs` at a time: a server busy for
   * longer still makes one pass every `maxHoldMs`, so deliveries never wait without bound.
   */
  private holdForRequests(): boolean {
    if (!this.o.busy()) { this.heldSince = undefined; return false; }
    const now = this.clock.now().getTime();
    this.heldSince ??= now;
    if (now - this.heldSince < this.o.maxHoldMs) return true;
    this.heldSince = now;
    return false;
  }

  private take(subscriptionId: string): void {
    this.running++;
    this.inFlight.set(subscriptionId, (this.inFlight.get(subscriptionId) ?? 0) + 1);
  }

  private release(subscriptionId: string): void {
    this.running = Math.max(0, this.running - 1);
    const n = (this.inFlight.get(subscriptionId) ?? 1) - 1;
    if (n > 0) this.inFlight.set(subscriptionId, n); else this.inFlight.delete(subscriptionId);
    if (this.wanting) this.wake();
  }

  /** One attempt; its lane queues it for recording. */
  private async attempt(d: ClaimedDelivery, target: { url: string; secrets: string[] }): Promise<FinishedAttempt> {
    const now = this.clock.now();
    const body = await this.bodyOf(d);
    const sent = await postWebhook({ url: target.url, msgId: messageId(d.id), body, secrets: target.secrets, timeoutMs: this.o.timeoutMs });
    // The log's time is the worker clock's (the signature's timestamp is wall time: receivers check it against theirs).
    // A body built here (the event was never sent) is stored once with the recording; one read from the database is not stored again.
    return { deliveryId: d.id, subscriptionId: d.subscriptionId, historyId: d.historyId, body: d.body === null ? body : null, outcome: { ...sent, at: now }, attemptsBefore: d.attempts };
  }

  /** Starts recording what finished, unless a recording is under way (it takes what finished meanwhile when done). */
  private recordSoon(): void {
    if (this.recording) return;
    void this.record().catch((err) => this.o.log(`webhook attempts not recorded (they are sent again after their lease): ${err instanceof Error ? err.message : err}`));
  }

  /**
   * Records every finished attempt not yet recorded; concurrent callers share one
   * statement at a time. Recorded first attempts let their models' next events go: wake.
   */
  private async record(): Promise<void> {
    while (this.recording) await this.recording.catch(() => {});
    if (!this.finished.length) return;
    const batch = this.finished;
    this.finished = [];
    this.recording = finishAttempts({ attempts: batch, now: this.clock.now(), random: this.o.random })
      .then((disabled) => { for (const id of disabled) this.o.log(`webhook ${id} disabled: every delivery failed for 3 days`); })
      .finally(() => {
        this.recording = undefined;
        this.wake();
        if (this.finished.length) this.recordSoon();
      });
    await this.recording;
  }
}
