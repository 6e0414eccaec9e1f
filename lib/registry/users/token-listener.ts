import "server-only";
import pg from "pg";
import { forgetTokens, setCacheTrusted } from "./token-cache";

/**
 * One dedicated PostgreSQL connection per process (not from the Prisma pool, whose
 * connections come and go) LISTENs on "mreg_token_cache". Triggers on api_tokens and
 * users notify it whenever a token ends or a user's name, role flag or active state
 * changes, on any instance or by hand in SQL (migration token_cache_notify), so a
 * logout on one instance is refused on every other within milliseconds
 * (docs/decisions/031-token-revocation-across-instances.md).
 *
 * The cache is trusted only while this connection is up. A lost connection (database
 * restart, network) is noticed by the driver's error/end events, or by a ping every
 * few seconds for a connection that went silent; until the listener is back every
 * request checks its token in the database.
 */
export const CHANNEL = "mreg_token_cache";
const RETRY_MS = 250;
const PING_MS = 5_000;
const PING_TIMEOUT_MS = 2_000;

type State = { client?: pg.Client; up: boolean; stopped: boolean; ready?: Promise<boolean>; timer?: NodeJS.Timeout };
const g = globalThis as unknown as { __registryTokenListener?: State };
const state = () => (g.__registryTokenListener ??= { up: false, stopped: false });

function apply(payload: string): void {
  if (payload === "*") return forgetTokens("all");
  const [kind, list] = [payload.slice(0, 2), payload.slice(2).split(",").filter(Boolean)];
  if (kind === "t:") for (const hash of list) forgetTokens({ hash });
  else if (kind === "u:") for (const id of list) forgetTokens({ userId: Number(id) });
  else forgetTokens("all"); // unknown payload: be safe
}

function down(client: pg.Client): void {
  const s = state();
  if (s.client !== client) return;
  s.client = undefined;
  s.up = false;
  s.ready = undefined;
  setCacheTrusted(false);
  clearTimeout(s.timer);
  client.end().catch(() => {});
  if (!s.stopped) s.timer = setTimeout(() => void connect(), RETRY_MS).unref();
}

async function connect(): Promise<boolean> {
  const s = state();
  if (s.stopped || !process.env.DATABASE_URL) return false;
  const client = new pg.Client({
    connectionString: process.env.DATABASE_URL, application_name: "mreg-token-listener",
    keepAlive: true, connectionTimeoutMillis: 5_000,
  });
  s.client = client;
  client.on("error", () => down(client));
  client.on("end", () => down(client));
  client.on("notification", (n) => { if (n.channel === CHANNEL) apply(n.payload ?? "*"); });
  try {
    await client.connect();
    // Never keeps a process (a test worker, a script) alive on its own.
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    await client.query(`LISTEN ${CHANNEL}`);
  } catch {
    down(client);
    return false;
  }
  if (s.client !== client) return false;
  s.up = true;
  setCacheTrusted(true); // empties the cache: what was missed while down is forgotten
  const ping = async () => {
    if (s.client !== client) return;
    const ok = await Promise.race([
      client.query("SELECT 1").then(() => true, () => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), PING_TIMEOUT_MS).unref()),
    ]);
    if (!ok) return down(client);
    if (s.client === client) s.timer = setTimeout(() => void ping(), PING_MS).unref();
  };
  s.timer = setTimeout(() => void ping(), PING_MS).unref();
  return true;
}

/** Starts the listener once per process; resolves true once it listens (false if it could not, for now). */
export function startTokenListener(): Promise<boolean> {
  const s = state();
  s.stopped = false;
  if (s.up) return Promise.resolve(true);
  if (!s.ready && !s.client) s.ready = connect();
  return s.ready ?? Promise.resolve(false);
}

export const tokenListenerUp = () => state().up;

/** At shutdown (and in tests): closes the connection; the cache stops being trusted. */
export async function stopTokenListener(): Promise<void> {
  const s = state();
  s.stopped = true;
  clearTimeout(s.timer);
  const client = s.client;
  s.client = undefined;
  s.up = false;
  s.ready = undefined;
  setCacheTrusted(false);
  await client?.end().catch(() => {});
}
