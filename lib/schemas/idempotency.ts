import { z } from "zod";

/**
 * The Idempotency-Key header of a create (docs/decisions/035-idempotency-keys.md):
 * any 1-255 visible ASCII characters (a UUID is the usual choice), chosen by the
 * client, fresh for each create and the same on each retry of it.
 */
export const ZIdempotencyKey = z
  .string()
  .min(1, "Idempotency-Key must not be empty.")
  .max(255, "Idempotency-Key must be at most 255 characters.")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key must be visible ASCII characters (a UUID, for example).");

/** How long a key is remembered: a retry within this time replays; later, the key is free again. */
export const IDEMPOTENCY_KEY_HOURS = 24;
