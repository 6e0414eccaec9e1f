import "server-only";
import type { Prisma } from "../db/client";
import type { Actor } from "./actor";
import { recordHistoryMany, type HistoryInput } from "./history/record-history";
import type { IdempotentResource, ResolvedClaim } from "./idempotency/claim";
import { insertIdempotencyKeys, type KeyRecord } from "./idempotency/record-keys";

/**
 * What is written with a change, in the change's own transaction, so it commits or
 * rolls back with it: the change's history events, and the Idempotency-Key of a
 * create that carried one (idempotency/record-keys.ts: a key exists exactly when
 * its create committed, and a second request with the key conflicts on its row).
 *
 * This is the seam for rows later features must write alongside every change, such
 * as a webhook outbox row per event: add a list here and its INSERT to
 * writeChangeRecords(). write() and
 * the batched registration path (versions/commit-registrations.ts) both end their
 * transaction with writeChangeRecords(), so no mutation can commit without them.
 */
export class ChangeRecords {
  readonly history: { who: Actor; event: HistoryInput }[] = [];

  readonly keys: KeyRecord[] = [];

  addHistory(who: Actor, event: HistoryInput): void {
    this.history.push({ who, event });
  }

  addIdempotencyKey(who: Actor, claim: ResolvedClaim, resource: IdempotentResource): void {
    this.keys.push({ who, claim, resource });
  }
}

/** Writes a change's records; called once, last, inside the change's transaction. */
export async function writeChangeRecords(tx: Prisma.TransactionClient, records: ChangeRecords): Promise<void> {
  await recordHistoryMany(tx, records.history);
  await insertIdempotencyKeys(tx, records.keys);
}
