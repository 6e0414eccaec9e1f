// The floor under an API call: the exact SQL statements Prisma sends for the same
// domain call (captured from Prisma's query log in this process), replayed with
// node-postgres on the same database in the same shape: the statements of the
// row chain one after another, COUNT statements beside them (the domain runs the
// page and its total concurrently).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../lib/db/generated/prisma/client";
import { stats, type Stats } from "./http";

type Query = { sql: string; params: unknown[] };

let captured: Query[] | null = null;

/** Installs a query-logging Prisma client as the one lib/registry uses (lib/db/client.ts keeps it on globalThis). */
export function installLoggingClient(url: string): PrismaClient {
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }), log: [{ emit: "event", level: "query" }] });
  (client as unknown as { $on: (e: "query", f: (q: { query: string; params: string }) => void) => void }).$on("query", (e) => {
    captured?.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] });
  });
  (globalThis as unknown as { __registryPrisma?: PrismaClient }).__registryPrisma = client;
  return client;
}

export async function capture(fn: () => Promise<unknown>): Promise<Query[]> {
  await fn(); // first call may load lazily-cached rows (the default actor); capture a steady-state call
  captured = [];
  try {
    await fn();
    return captured;
  } finally {
    captured = null;
  }
}

export class Floor {
  private pool: pg.Pool;
  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 4 });
  }
  async replay(queries: Query[]): Promise<void> {
    const counts = queries.filter((q) => /\bCOUNT\(/i.test(q.sql));
    const chain = queries.filter((q) => !counts.includes(q));
    const lane = async (qs: Query[]) => {
      if (!qs.length) return;
      const c = await this.pool.connect();
      try {
        for (const q of qs) await c.query(q.sql, q.params);
      } finally {
        c.release();
      }
    };
    await Promise.all([lane(chain), ...counts.map((q) => lane([q]))]);
  }
  async time(queries: Query[], n = 200, warmup = 20): Promise<Stats> {
    for (let i = 0; i < warmup; i++) await this.replay(queries);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await this.replay(queries);
      samples.push(performance.now() - t);
    }
    return stats(samples);
  }
  end() {
    return this.pool.end();
  }
}
