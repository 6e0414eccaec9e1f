import "server-only";
import { LRUCache } from "lru-cache";
import type { Actor } from "../actor";

/**
 * Recently verified tokens, by SHA-256, so that a client making many calls pays for
 * the token lookup once every few seconds rather than on every request
 * (docs/decisions/019-verified-token-cache.md). Every change this process makes
 * that ends a token (logout, revoke, password reset) drops it here at once; a
 * change made anywhere else (another instance, SQL by hand) reaches every instance
 * through the database's notifications (token-listener.ts, decision 031). The cache
 * is trusted only while that listener is connected: otherwise a notification could
 * be missed, so every token is checked in the database (and the cache is emptied
 * when the listener comes back). An entry never outlives its token's own expiry.
 */
type Entry = { actor: Actor; expiresAt: number };

const ttlMs = () => {
  const v = Number(process.env.MREG_TOKEN_CACHE_MS ?? 5_000);
  return Number.isFinite(v) && v >= 0 ? v : 5_000;
};

export const cacheEnabled = () => ttlMs() > 0;

type State = { lru: LRUCache<string, Entry>; generation: number; trusted: boolean };
const globalForCache = globalThis as unknown as { __registryTokenCache?: State };
const state = () => (globalForCache.__registryTokenCache ??= { lru: new LRUCache<string, Entry>({ max: 10_000 }), generation: 0, trusted: false });
const cache = () => state().lru;

/**
 * Called by the listener: false when its connection is lost (stop answering from
 * memory), true once it listens again. Either way everything remembered so far is
 * dropped, since notifications may have been missed in between.
 */
export function setCacheTrusted(trusted: boolean): void {
  forgetTokens("all");
  state().trusted = trusted;
}

/**
 * Taken before a lookup and handed to rememberActor: a token ended while the lookup
 * was in flight must not be remembered from the answer read before it ended.
 */
export const cacheGeneration = () => state().generation;

export function cachedActor(hash: string): Actor | undefined {
  if (!state().trusted) return undefined;
  const hit = cache().get(hash);
  if (!hit) return undefined;
  if (hit.expiresAt <= Date.now()) {
    cache().delete(hash);
    return undefined;
  }
  return hit.actor;
}

export function rememberActor(hash: string, actor: Actor, tokenExpiresAt: Date, generation: number): void {
  if (generation !== state().generation || !state().trusted) return;
  const ttl = Math.min(ttlMs(), tokenExpiresAt.getTime() - Date.now());
  if (ttl <= 0) return;
  cache().set(hash, { actor, expiresAt: Date.now() + ttl }, { ttl });
}

/** Forget one token (logout), every token of a user (revoke, password reset), or all. */
export function forgetTokens(which: { hash: string } | { userId: number } | "all"): void {
  state().generation++;
  if (which === "all") return void cache().clear();
  if ("hash" in which) return void cache().delete(which.hash);
  for (const [hash, entry] of cache().entries()) if (entry.actor.userId === which.userId) cache().delete(hash);
}
