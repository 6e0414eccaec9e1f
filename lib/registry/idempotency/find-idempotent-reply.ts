import "server-only";
import { db } from "../../db/client";
import { IDEMPOTENCY_KEY_HOURS } from "../../schemas/idempotency";
import { signedIn, type Actor } from "../actor";
import { edge } from "../edge";
import { mismatch, resolveClaim, type IdempotencyClaim, type IdempotentReply } from "./claim";
import { sweepSoon } from "./sweep-idempotency-keys";

/**
 * The committed create this user's key stands for, or null when the key is new (or
 * older than the retention: then it is free again). The same key with a different
 * request is refused (UNPROCESSABLE, 422): a retry must be the same request, and a
 * client that reuses a key by mistake must hear so rather than get an unrelated answer.
 */
export const findIdempotentReply = edge(async function findIdempotentReply(
  { actor, claim }: { actor: Actor; claim: IdempotencyClaim },
): Promise<IdempotentReply | null> {
  const who = signedIn(actor);
  sweepSoon();
  const [row] = await db().$queryRaw<{
    method: string; path: string; request_hash: string; resource_type: string; resource_id: string; status: number | null; response: unknown;
  }[]>`
    SELECT method, path, request_hash, resource_type, resource_id, status, response
      FROM idempotency_keys
     WHERE user_id = ${who.userId} AND key = ${claim.key}
       AND created_at >= now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS}::int)`;
  if (!row) return null;
  if (row.method !== claim.method || row.path !== claim.path) throw mismatch(claim, row);
  // Only now is a streamed body read (to its end) to be compared.
  if (row.request_hash !== (await resolveClaim(claim)).requestHash) throw mismatch(claim, row);
  return { resource: { type: row.resource_type, id: row.resource_id }, status: row.status, response: row.response };
});
