import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { RegistryError } from "../errors";
import { cacheEnabled, cacheGeneration, cachedActor, rememberActor } from "./token-cache";
import { startTokenListener } from "./token-listener";
import { tokenHash } from "./tokens";

type TokenUser = { id: number; username: string; admin: boolean; active: boolean; expires_at: Date };
type Waiter = { resolve: (u: TokenUser | undefined) => void; reject: (e: unknown) => void };

let queued: Map<string, Waiter[]> | null = null;

/**
 * Token lookups requested in one turn of the event loop go to the database as one
 * query (`token_hash = ANY(...)`): a burst of new clients (64 registering at once)
 * then costs one statement, not 64.
 */
async function flush(): Promise<void> {
  const batch = queued!;
  queued = null;
  try {
    const rows = await db().$queryRaw<(TokenUser & { token_hash: string })[]>`
      SELECT t.token_hash, t.expires_at, u.id, u.username, u.admin, u.active
        FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = ANY(${[...batch.keys()]}::text[]) AND t.expires_at > ${new Date()}`;
    const found = new Map(rows.map((r) => [r.token_hash, r]));
    for (const [hash, waiters] of batch) waiters.forEach((w) => w.resolve(found.get(hash)));
  } catch (err) {
    for (const waiters of batch.values()) waiters.forEach((w) => w.reject(err));
  }
}

function findTokenUser(hash: string): Promise<TokenUser | undefined> {
  return new Promise((resolve, reject) => {
    if (!queued) {
      queued = new Map();
      setImmediate(() => void flush());
    }
    const waiters = queued.get(hash);
    if (waiters) waiters.push({ resolve, reject });
    else queued.set(hash, [{ resolve, reject }]);
  });
}

/**
 * The actor a bearer token belongs to; unknown, expired or deactivated: UNAUTHENTICATED.
 * Every API request pays for this: a token verified in the last few seconds is
 * answered from memory (token-cache.ts, decisions 019 and 031); otherwise it is one plain SQL
 * join on the token's unique hash (as a Prisma relation filter it cost ~2.5x the
 * server CPU), shared by the requests of one event-loop turn (decision 016).
 */
export const verifyToken = edge(async function verifyToken(token: string): Promise<Actor> {
  const hash = tokenHash(token);
  // The cache answers only once this process listens for revocations (token-listener.ts).
  if (cacheEnabled()) void startTokenListener();
  const cached = cachedActor(hash);
  if (cached) return cached;
  const generation = cacheGeneration();
  const user = await findTokenUser(hash);
  if (!user) throw new RegistryError("UNAUTHENTICATED", "The token is invalid or has expired; log in again.");
  if (!user.active) throw new RegistryError("UNAUTHENTICATED", `User "${user.username}" is deactivated.`);
  const actor: Actor = { userId: user.id, username: user.username, admin: user.admin };
  rememberActor(hash, actor, user.expires_at, generation);
  return actor;
});
