import "server-only";
import { LRUCache } from "lru-cache";
import type { Actor } from "../actor";

/**
 * Recently verified tokens, by SHA-256, so that a client making many calls pays for
 * the token lookup once every few seconds rather than on every request
 * (docs/decisions/019-verified-token-cache.md). Every change this process makes
 * that ends a token (logout, revoke, password reset) drops it here at once; another
 * server process sharing the database sees such a change within the TTL at most.
 * An entry never outlives its token's own expiry.
 */
type Entry = { actor: Actor; expiresAt: number };

const ttlMs = () => {
  const v = Number(process.env.MREG_TOKEN_CACHE_MS ?? 5_000);
  return Number.isFinite(v) && v >= 0 ? v : 5_000;
};

const globalForCache = globalThis as unknown as { __registryTokenCache?: { lru: LRUCache<string, Entry>; generation: number } };
const state = () => (globalForCache.__registryTokenCache ??= { lru: new LRUCache<string, Entry>({ max: 10_000 }), generation: 0 });
const cache = () => state().lru;

/**
 * Taken before a lookup and handed to rememberActor: a token ended while the lookup
 * was in flight must not be remembered from the answer read before it ended.
 */
export const cacheGeneration = () => state().generation;

export function cachedActor(hash: string): Actor | undefined {
  const hit = cache().get(hash);
  if (!hit) return undefined;
  if (hit.expiresAt <= Date.now()) {
    cache().delete(hash);
    return undefined;
  }
  return hit.actor;
}

export function rememberActor(hash: string, actor: Actor, tokenExpiresAt: Date, generation: number): void {
  if (generation !== state().generation) return;
  const ttl = Math.min(ttlMs(), tokenExpiresAt.getTime() - Date.now());
  if (ttl <= 0) return;
  cache().set(hash, { actor, expiresAt: Date.now() + ttl }, { ttl });
}

/** Forget one token (logout) or every token of a user (revoke, password reset). */
export function forgetTokens(which: { hash: string } | { userId: number }): void {
  state().generation++;
  if ("hash" in which) return void cache().delete(which.hash);
  for (const [hash, entry] of cache().entries()) if (entry.actor.userId === which.userId) cache().delete(hash);
}
