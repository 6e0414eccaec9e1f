import "server-only";
import { RegistryError } from "../errors";

// Failed sign-ins are counted per username and per client address over a sliding
// window. Per user stops guessing one account's password from many addresses; per
// address stops one client trying many accounts. Counting an unknown username like
// a known one keeps the limiter from revealing which users exist. Kept in memory:
// one server process per installation; a restart forgets (documented in README).
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const windowMs = () => num("MREG_SIGNIN_WINDOW_MINUTES", 15) * 60_000;
const perUser = () => num("MREG_SIGNIN_MAX_FAILURES_PER_USER", 5);
const perAddress = () => num("MREG_SIGNIN_MAX_FAILURES_PER_ADDRESS", 20);

const failures = new Map<string, number[]>();

function recent(key: string, now: number): number[] {
  const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs());
  if (list.length) failures.set(key, list);
  else failures.delete(key);
  return list;
}

const keys = (username: string, address?: string) => ({
  user: `u:${username.toLowerCase()}`,
  address: address ? `a:${address}` : undefined,
});

/** Refuses before any password is checked when either counter is full. */
export function assertSignInAllowed(username: string, address?: string): void {
  const now = Date.now();
  const k = keys(username, address);
  const user = recent(k.user, now);
  const addr = k.address ? recent(k.address, now) : [];
  const blocked = [user.length >= perUser() ? user : null, addr.length >= perAddress() ? addr : null].filter(Boolean) as number[][];
  if (!blocked.length) return;
  const retryMs = Math.max(...blocked.map((l) => windowMs() - (now - l[0])));
  const minutes = Math.max(1, Math.ceil(retryMs / 60_000));
  throw new RegistryError("RATE_LIMITED", `Too many failed sign-ins. Try again in ${minutes} minute${minutes > 1 ? "s" : ""}.`, {}, { retryAfterSeconds: Math.ceil(retryMs / 1000) });
}

export function recordSignInFailure(username: string, address?: string): void {
  const now = Date.now();
  const k = keys(username, address);
  for (const key of [k.user, k.address]) if (key) failures.set(key, [...recent(key, now), now]);
}

/** A correct password clears the user's counter (not the address's: that one guards other accounts). */
export function clearSignInFailures(username: string): void {
  failures.delete(keys(username).user);
}
