import "server-only";
import { RegistryError } from "../errors";

/**
 * What a create that carries an Idempotency-Key asks the domain to remember: the
 * key and the request it stands for. Adapters build it (lib/http/idempotency.ts);
 * the key's owner is always the acting user, never a field of the claim, so keys are
 * scoped per user (docs/decisions/035-idempotency-keys.md).
 */
export type IdempotencyClaim = {
  key: string;
  method: string;
  path: string;
  /**
   * sha256 of method, path and body, hex: a retry must send the same request. For a
   * streamed body (a checkpoint upload) a function that resolves once the body has
   * been read to its end, reading the rest if nobody has (memoized).
   */
  requestHash: string | (() => Promise<string>);
};

/** A claim whose body has been hashed: what is stored. */
export type ResolvedClaim = IdempotencyClaim & { requestHash: string };

export async function resolveClaim(claim: IdempotencyClaim): Promise<ResolvedClaim> {
  return typeof claim.requestHash === "string" ? (claim as ResolvedClaim) : { ...claim, requestHash: await claim.requestHash() };
}

/** What a create made, as its history event names it: the answer to a retry is rebuilt from it if need be. */
export type IdempotentResource = { type: string; id: string };

/** A key row already committed: what the first request with it made, and its answer once stored. */
export type IdempotentReply = {
  resource: IdempotentResource;
  /** null when the server stopped between the commit and storing the answer. */
  status: number | null;
  response: unknown;
};

const KEY_TAKEN = "idempotencyKeyTaken";

/**
 * Thrown inside a create's transaction when another request with the same key
 * committed first (or while this one waited on the key row): the transaction rolls
 * back, so this request creates nothing, and the adapter answers with the first one's reply.
 */
export const keyTaken = (key: string) =>
  new RegistryError("CONFLICT", `A request with Idempotency-Key "${key}" was completed meanwhile; retry it to get its answer.`, {}, { [KEY_TAKEN]: true });

export const isKeyTaken = (err: unknown): boolean =>
  err instanceof RegistryError && !!(err.details as Record<string, unknown> | undefined)?.[KEY_TAKEN];

export const mismatch = (claim: IdempotencyClaim, first: { method: string; path: string }) =>
  new RegistryError(
    "UNPROCESSABLE",
    first.method === claim.method && first.path === claim.path
      ? `Idempotency-Key "${claim.key}" was already used with a different request body; use a new key for a different request.`
      : `Idempotency-Key "${claim.key}" was already used for ${first.method} ${first.path}; use a new key for a different request.`,
  );
