import "server-only";
import { db } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import { translateDbError } from "../errors";
import { resolveClaim, type IdempotencyClaim } from "./claim";

/**
 * Stores the answer a committed create gave, on its key row (which the create's own
 * transaction inserted), so a retry gets exactly that answer. Runs after the commit:
 * if it never runs (the server died, the database dropped), a retry still finds the
 * key and rebuilds the answer from what was made (resource_type, resource_id). The
 * first answer stored wins; only the key's owner can store one.
 *
 * Since losing this write costs nothing but a rebuilt answer, it commits without
 * waiting for the WAL flush (synchronous_commit off): the create's latency grows by a
 * round trip, not by a second fsync.
 */
export async function saveIdempotentReply({ actor, claim, status, response }: {
  actor: Actor;
  claim: IdempotencyClaim;
  status: number;
  response: object;
}): Promise<void> {
  const who = signedIn(actor);
  const { key, requestHash } = await resolveClaim(claim);
  try {
    await db().$transaction([
      db().$executeRaw`SET LOCAL synchronous_commit TO OFF`,
      db().$executeRaw`
        UPDATE idempotency_keys SET status = ${status}::int, response = ${JSON.stringify(response)}::jsonb
         WHERE user_id = ${who.userId} AND key = ${key} AND request_hash = ${requestHash} AND status IS NULL`,
    ]);
  } catch (err) {
    translateDbError(err);
  }
}
