import "server-only";
import { db } from "../db/client";
import { isDraining } from "../process/lifecycle";
import { currentStorage } from "./storage/current-storage";

export type THealth = { status: "ok" | "unavailable" | "stopping"; database: string; storage: string };

const TIMEOUT_MS = 2_000;

async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const reason = (err: unknown) => String((err as Error)?.message ?? err).split("\n")[0].slice(0, 300);

/**
 * For a load balancer's health check: the database answers a query, and checkpoint
 * storage takes a small file (CheckpointStorage.probe: for the local folder, written,
 * fsynced and removed in this instance's upload folder, where nothing else writes). "stopping" once a graceful shutdown has begun,
 * so the balancer sends new work elsewhere while uploads in flight finish.
 */
export async function checkHealth(): Promise<THealth> {
  const [database, storage] = await Promise.all([
    within(TIMEOUT_MS, "database", db().$queryRaw`SELECT 1`).then(() => "ok", (e) => `unavailable: ${reason(e)}`),
    within(TIMEOUT_MS, "storage", (async () => currentStorage().probe())()).then(() => "ok", (e) => `not writable: ${reason(e)}`),
  ]);
  const status = isDraining() ? "stopping" : database === "ok" && storage === "ok" ? "ok" : "unavailable";
  return { status, database, storage };
}
