import "server-only";
import type { Prisma } from "../../db/client";
import { IDEMPOTENCY_KEY_HOURS } from "../../schemas/idempotency";
import type { Actor } from "../actor";
import { keyTaken, type IdempotentResource, type ResolvedClaim } from "./claim";

export type KeyRecord = { who: Actor; claim: ResolvedClaim; resource: IdempotentResource };

/**
 * Inserts the key rows of a change, in the change's own transaction
 * (writeChangeRecords), so a key exists exactly when its create committed.
 *
 * Concurrency: the key's primary key (user_id, key) is the lock. A second request
 * with the same key, on any instance, reaches this INSERT after its own create's
 * statements; PostgreSQL makes it wait while the first transaction holding that key
 * is open, then reports the conflict once it commits (DO NOTHING returns no row):
 * keyTaken() rolls the second create back and its adapter replays the first's answer.
 * Had the first rolled back, the second's insert goes through and it is the one that
 * creates. A key older than the retention is free again: its row is replaced.
 */
export async function insertIdempotencyKeys(tx: Prisma.TransactionClient, records: KeyRecord[]): Promise<void> {
  if (!records.length) return;
  const rows = records.map(({ who, claim, resource }) => ({
    user_id: who.userId, key: claim.key, method: claim.method, path: claim.path, request_hash: claim.requestHash,
    resource_type: resource.type, resource_id: resource.id,
  }));
  // An expired row of the same key is replaced (DO UPDATE ... WHERE), a live one
  // kept (no row returned). The same key twice in one batch cannot be updated twice
  // by one statement: that fails the batch, which is then retried member by member.
  const inserted = await tx.$queryRaw<{ key: string; user_id: number }[]>`
    INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, resource_type, resource_id)
    SELECT r.user_id, r.key, r.method, r.path, r.request_hash, r.resource_type, r.resource_id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(user_id int, key text, method text, path text, request_hash text, resource_type text, resource_id text)
    ON CONFLICT (user_id, key) DO UPDATE
       SET method = EXCLUDED.method, path = EXCLUDED.path, request_hash = EXCLUDED.request_hash,
           resource_type = EXCLUDED.resource_type, resource_id = EXCLUDED.resource_id,
           status = NULL, response = NULL, created_at = now()
     WHERE idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS}::int)
    RETURNING user_id, key`;
  if (inserted.length === rows.length) return;
  const got = new Set(inserted.map((r) => `${r.user_id}\n${r.key}`));
  const taken = rows.find((r) => !got.has(`${r.user_id}\n${r.key}`)) ?? rows[0];
  throw keyTaken(taken.key);
}
