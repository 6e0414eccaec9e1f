import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export { Prisma } from "./generated/prisma/client";
export type { PrismaClient } from "./generated/prisma/client";

// One client per process; Next's dev server re-evaluates modules on every edit,
// so the instance lives on globalThis to avoid leaking connection pools.
const globalForPrisma = globalThis as unknown as { __registryPrisma?: PrismaClient; __registryBackgroundPrisma?: PrismaClient };

export function createPrismaClient(url = process.env.DATABASE_URL, max = Number(process.env.MREG_DB_POOL ?? 10)): PrismaClient {
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev`, which provides a database.");
  const adapter = new PrismaPg({ connectionString: url, max });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForPrisma.__registryPrisma ??= createPrismaClient();
  return globalForPrisma.__registryPrisma;
}

/**
 * A second, small pool (3 connections) for the webhook delivery worker: its claims and
 * recordings neither queue behind a burst of requests waiting for db()'s connections,
 * nor take connections those requests wait for (decision 082).
 */
export function backgroundDb(): PrismaClient {
  globalForPrisma.__registryBackgroundPrisma ??= createPrismaClient(undefined, 3);
  return globalForPrisma.__registryBackgroundPrisma;
}

/** Closes both pools (at shutdown, and at the end of a test file). */
export async function disconnectDb(): Promise<void> {
  const { __registryPrisma: main, __registryBackgroundPrisma: background } = globalForPrisma;
  globalForPrisma.__registryBackgroundPrisma = undefined;
  await Promise.all([main?.$disconnect(), background?.$disconnect()]);
}
