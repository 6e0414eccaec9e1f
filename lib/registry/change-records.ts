import "server-only";
import type { Prisma } from "../db/client";
import type { Actor } from "./actor";
import { recordHistoryMany, type HistoryInput } from "./history/record-history";

/**
 * What is written with a change, in the change's own transaction, so it commits or
 * rolls back with it: today the change's history events.
 *
 * This is the seam for rows later features must write alongside every change, such
 * as an idempotency-key record (the reply a retried request gets) or a webhook outbox
 * row per event: add a list here and its INSERT to writeChangeRecords(). write() and
 * the batched registration path (versions/commit-registrations.ts) both end their
 * transaction with writeChangeRecords(), so no mutation can commit without them.
 */
export class ChangeRecords {
  readonly history: { who: Actor; event: HistoryInput }[] = [];

  addHistory(who: Actor, event: HistoryInput): void {
    this.history.push({ who, event });
  }
}

/** Writes a change's records; called once, last, inside the change's transaction. */
export async function writeChangeRecords(tx: Prisma.TransactionClient, records: ChangeRecords): Promise<void> {
  await recordHistoryMany(tx, records.history);
}
