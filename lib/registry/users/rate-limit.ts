import "server-only";
import { db } from "../../db/client";
import { RegistryError } from "../errors";
import { WRITE_MAX_WAIT_MS, WRITE_TIMEOUT_MS } from "../write";

// Failed sign-ins are counted per username and per client address over a sliding
// window. Per user stops guessing one account's password from many addresses; per
// address stops one client trying many accounts. Counting an unknown username like
// a known one keeps the limiter from revealing which users exist.
// The counters are rows in sign_in_attempts, shared by every server instance and
// kept across restarts; times are the database's, so instances' clocks do not matter
// (docs/decisions/032-sign-in-limits-in-the-database.md).
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const windowMs = () => num("MREG_SIGNIN_WINDOW_MINUTES", 15) * 60_000;
const perUser = () => num("MREG_SIGNIN_MAX_FAILURES_PER_USER", 5);
const perAddress = () => num("MREG_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20);

// An attempt is "pending" while its password is checked (scrypt, ~0.3 s). One whose
// instance died before it finished counts as a failure after this long.
const PENDING_MS = 30_000;
const WAIT_STEP_MS = 50;
const WAIT_MAX_MS = 15_000;

export type SignInAttempt = { ids: bigint[]; userKey: string };
type Limit = { key: string; limit: number };
type Outcome = { kind: "blocked"; retryMs: number } | { kind: "busy" } | { kind: "ok"; ids: bigint[] };
type Count = { key: string; failed: number; pending: number; retry_ms: number | null };

const limitsFor = (username: string, address?: string): Limit[] => [
  { key: `u:${username.toLowerCase()}`, limit: perUser() },
  ...(address ? [{ key: `a:${address}`, limit: perAddress() }] : []),
];

function rateLimited(retryMs: number): RegistryError {
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  return new RegistryError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${minutes} minute${minutes > 1 ? "s" : ""}.`, {}, { retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) });
}

/**
 * Refuses before any password is checked when either counter is full; otherwise
 * records the attempt as pending and returns it, to be settled by failSignInAttempt
 * or succeedSignInAttempt. Pending attempts count against the limit, so N parallel
 * guesses, on any mix of instances, get no more tries than N sequential ones: with
 * the counter full of pending attempts a new one waits until one settles. The check
 * and the insert run under a per-key advisory lock, so two instances cannot both
 * take the last free try.
 */
export async function beginSignInAttempt(username: string, address?: string): Promise<SignInAttempt> {
  const limits = limitsFor(username, address);
  const keys = limits.map((l) => l.key);
  const window = windowMs();
  const deadline = Date.now() + WAIT_MAX_MS;
  for (;;) {
    const outcome = await db().$transaction(async (tx): Promise<Outcome> => {
      for (const key of [...keys].sort()) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 7265))`;
      const counts = await tx.$queryRaw<Count[]>`
        SELECT key,
               count(*) FILTER (WHERE NOT pending OR at <= now() - make_interval(secs => ${PENDING_MS / 1000}))::int AS failed,
               count(*) FILTER (WHERE pending AND at > now() - make_interval(secs => ${PENDING_MS / 1000}))::int AS pending,
               (extract(epoch FROM min(at) FILTER (WHERE NOT pending OR at <= now() - make_interval(secs => ${PENDING_MS / 1000})))
                 - extract(epoch FROM now() - make_interval(secs => ${window / 1000}))) * 1000 AS retry_ms
          FROM sign_in_attempts
         WHERE key = ANY(${keys}::text[]) AND at > now() - make_interval(secs => ${window / 1000})
         GROUP BY key`;
      const byKey = new Map(counts.map((c) => [c.key, c]));
      const blocked = limits.map((l) => byKey.get(l.key)).filter((c, i): c is Count => !!c && c.failed >= limits[i].limit);
      if (blocked.length) return { kind: "blocked", retryMs: Math.max(...blocked.map((c) => Number(c.retry_ms ?? window))) };
      const busy = limits.some((l) => { const c = byKey.get(l.key); return !!c && c.failed + c.pending >= l.limit; });
      if (busy) return { kind: "busy" };
      const rows = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO sign_in_attempts (key) SELECT unnest(${keys}::text[]) RETURNING id`;
      return { kind: "ok", ids: rows.map((r) => r.id) };
      // A burst of sign-ins queues for the pool like any write instead of failing after Prisma's 2 s (decision 141).
    }, { maxWait: WRITE_MAX_WAIT_MS, timeout: WRITE_TIMEOUT_MS });
    if (outcome.kind === "blocked") throw rateLimited(outcome.retryMs);
    if (outcome.kind === "ok") return { ids: outcome.ids, userKey: keys[0] };
    if (Date.now() > deadline) throw rateLimited(WAIT_STEP_MS);
    await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
  }
}

/** A wrong password: the attempt becomes a failure for its user and its address. Old rows are swept here. */
export async function failSignInAttempt(attempt: SignInAttempt): Promise<void> {
  await db().$executeRaw`UPDATE sign_in_attempts SET pending = false, at = now() WHERE id = ANY(${attempt.ids}::bigint[])`;
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE at < now() - make_interval(secs => ${Math.max(windowMs(), PENDING_MS) / 1000})`;
}

/** A correct password clears the user's failures (not the address's: that one guards other accounts). */
export async function succeedSignInAttempt(attempt: SignInAttempt): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE id = ANY(${attempt.ids}::bigint[]) OR (key = ${attempt.userKey} AND NOT pending)`;
}

/** The check itself failed (the database went away): the attempt counts for nothing. */
export async function abandonSignInAttempt(attempt: SignInAttempt): Promise<void> {
  await db().$executeRaw`DELETE FROM sign_in_attempts WHERE id = ANY(${attempt.ids}::bigint[])`;
}

/** Refuses (429) when either counter is full, without recording anything. */
export async function assertSignInAllowed(username: string, address?: string): Promise<void> {
  const attempt = await beginSignInAttempt(username, address);
  await abandonSignInAttempt(attempt);
}
