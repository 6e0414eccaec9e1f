import "server-only";
import type { Prisma } from "../../db/client";
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
 */
export async function saveIdempotentReply({ actor, claim, status, response }: {
  actor: Actor;
  claim: IdempotencyClaim;
  status: number;
  response: object;
}): Promise<void> {
  const who = signedIn(actor);
  try {
    await db().idempotencyKey.updateMany({
      where: { userId: who.userId, key: claim.key, requestHash: (await resolveClaim(claim)).requestHash, status: null },
      data: { status, response: response as Prisma.InputJsonObject },
    });
  } catch (err) {
    translateDbError(err);
  }
}
