import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";

export { Prisma } from "./generated/prisma/client";
export type { PrismaClient } from "./generated/prisma/client";

// One client per process; Next's dev server re-evaluates modules on every edit,
// so the instance lives on globalThis to avoid leaking connection pools.
const globalForPrisma = globalThis as unknown as { __registryPrisma?: PrismaClient };

export function createPrismaClient(url = process.env.DATABASE_URL): PrismaClient {
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm run dev`, which provides a database.");
  const adapter = new PrismaPg({ connectionString: url, max: Number(process.env.MREG_DB_POOL ?? 10) });
  return new PrismaClient({ adapter });
}

export function db(): PrismaClient {
  globalForPrisma.__registryPrisma ??= createPrismaClient();
  return globalForPrisma.__registryPrisma;
}
