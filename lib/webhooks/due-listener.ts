import "server-only";
import pg from "pg";
import { DUE_CHANNEL } from "../registry/webhooks/due-channel";

const RETRY_MS = 1_000;

/**
 * Calls `wake` whenever a change that wrote webhook deliveries commits, on any instance:
 * a dedicated connection (not from the Prisma pool) LISTENs on DUE_CHANNEL. PostgreSQL
 * sends a notification only at commit, so a woken worker finds the rows. Nothing depends
 * on it for correctness: while the connection is down (it is retried every second) the
 * worker's poll still finds every row, only later. Returns a function that stops it.
 */
export function listenForDueDeliveries(wake: () => void, log: (line: string) => void): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let warned = false;
  const retry = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    c.end().catch(() => {});
    if (!stopped) timer = setTimeout(() => void connect(), RETRY_MS).unref();
  };
  const connect = async () => {
    if (stopped || !process.env.DATABASE_URL) return;
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: "mreg-webhook-listener", keepAlive: true, connectionTimeoutMillis: 5_000 });
    client = c;
    c.on("error", () => retry(c));
    c.on("end", () => retry(c));
    c.on("notification", (n) => { if (n.channel === DUE_CHANNEL) wake(); });
    try {
      await c.connect();
      (c as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      await c.query(`LISTEN ${DUE_CHANNEL}`);
      warned = false;
      wake(); // whatever committed while not listening
    } catch (err) {
      if (!warned) log(`webhook listener not connected (deliveries are found by polling until it is): ${err instanceof Error ? err.message : err}`);
      warned = true;
      retry(c);
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
}
