import "server-only";
import { db, type Prisma } from "../db/client";
import { signedIn, type Actor } from "./actor";
import { ChangeRecords, writeChangeRecords } from "./change-records";
import { translateDbError } from "./errors";
import { resolveClaim, type IdempotencyClaim } from "./idempotency/claim";
import type { HistoryInput } from "./history/record-history";

export type WriteContext = {
  tx: Prisma.TransactionClient;
  /** The acting user, checked: signed in (anonymous and missing actors never get here). */
  actor: Actor;
  /** Adds a history event; it is written with the change, just before the commit. */
  record: (event: HistoryInput) => void;
  /**
   * Runs once the change has committed, never after a rollback: effects outside the
   * database that must follow it (forgetting cached tokens, removing files).
   */
  afterCommit: (effect: () => Promise<void> | void) => void;
};

/**
 * A burst of writes queues for the pool and for row locks instead of failing after
 * Prisma's defaults (2 s for a connection, 5 s per transaction): 32 clients merging
 * metadata into one model under a busy machine needed more than that.
 */
export const WRITE_MAX_WAIT_MS = 10_000;
export const WRITE_TIMEOUT_MS = 30_000;

export type WriteOptions = {
  actor: Actor;
  /** The messages a unique or foreign-key violation of this write is reported with. */
  violations?: { unique?: string; foreignKey?: string };
  /**
   * How long to wait for a pooled connection, and how long the transaction may run (ms);
   * WRITE_MAX_WAIT_MS and WRITE_TIMEOUT_MS unless given (docs/decisions/141-writes-wait-out-bursts.md).
   */
  maxWait?: number;
  timeout?: number;
  /**
   * The create's Idempotency-Key, if its request carried one: its row is written
   * with the change, naming the object of the change's first history event.
   */
  idempotency?: IdempotencyClaim;
};

/**
 * The one way the domain writes (docs/decisions/022-one-write-path.md): checks the
 * actor, runs `change` in a transaction, writes the change's records (history, and
 * whatever ChangeRecords grows) in that same transaction, and translates any
 * database failure into a RegistryError, so a server action and a REST handler see
 * the same UNAVAILABLE during an outage. Permission checks stay in `change`, since
 * they need the row it locks (authorize(tx, actor, ...)).
 */
export async function write<T>(opts: WriteOptions, change: (w: WriteContext) => Promise<T>): Promise<T> {
  const actor = signedIn(opts.actor);
  const effects: (() => Promise<void> | void)[] = [];
  let result: T;
  try {
    // A streamed body's hash is known once it has been read, before the transaction.
    const idempotency = opts.idempotency && await resolveClaim(opts.idempotency);
    result = await db().$transaction(async (tx) => {
      const records = new ChangeRecords();
      const value = await change({
        tx, actor,
        record: (event) => records.addHistory(actor, event),
        afterCommit: (effect) => void effects.push(effect),
      });
      if (idempotency) {
        const made = records.history[0]?.event;
        if (!made) throw new Error("A write with an Idempotency-Key must record what it made.");
        records.addIdempotencyKey(actor, idempotency, { type: made.objectType, id: String(made.objectId) });
      }
      await writeChangeRecords(tx, records);
      return value;
    }, { maxWait: opts.maxWait ?? WRITE_MAX_WAIT_MS, timeout: opts.timeout ?? WRITE_TIMEOUT_MS });
  } catch (err) {
    translateDbError(err, opts.violations);
  }
  for (const effect of effects) await effect();
  return result;
}
