import { afterAll, inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.MREG_STORAGE_DIR = inject("storageDir");

const { ensureDefaults } = await import("../../lib/registry/defaults");
await ensureDefaults();

afterAll(async () => {
  const { stopTokenListener } = await import("../../lib/registry/users/token-listener");
  await stopTokenListener();
  const { disconnectDb } = await import("../../lib/db/client");
  await disconnectDb();
});
