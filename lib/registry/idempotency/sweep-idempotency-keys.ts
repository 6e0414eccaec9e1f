import "server-only";
import { db } from "../../db/client";
import { IDEMPOTENCY_KEY_HOURS } from "../../schemas/idempotency";
import { translateDbError } from "../errors";

/**
 * Removes keys older than the retention (24 hours). Expired keys are already ignored
 * by every lookup and replaced on reuse, so this only keeps the table small: each
 * instance runs it at most every SWEEP_EVERY_MS, from a request that uses a key.
 */
export async function sweepIdempotencyKeys(): Promise<number> {
  try {
    return await db().$executeRaw`
      DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS}::int)`;
  } catch (err) {
    translateDbError(err);
  }
}

const SWEEP_EVERY_MS = 10 * 60_000;
let lastSweep = 0;

/** Starts a sweep in the background when the last one is old enough; never fails the caller. */
export function sweepSoon(): void {
  if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = Date.now();
  sweepIdempotencyKeys().catch(() => { lastSweep = 0; });
}
