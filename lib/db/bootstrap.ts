// Everything a server process needs before it serves: a database (embedded unless
// DATABASE_URL is set), the committed migrations, default rows, optional demo data.
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedCluster } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

export type Prepared = { url: string; cluster?: EmbeddedCluster; seeded: boolean };

export function dataRoot(): string {
  return path.resolve(process.env.MREG_DATA_DIR ?? path.join(process.cwd(), ".data"));
}

export async function prepareDatabase(opts: { log?: (l: string) => void } = {}): Promise<Prepared> {
  const log = opts.log ?? ((l: string) => console.log(`[registry] ${l}`));
  let cluster: EmbeddedCluster | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    cluster = await startEmbeddedPostgres({
      dataDir: path.join(dataRoot(), "pg"),
      port: Number(process.env.MREG_PG_PORT) || 54329,
      log: (l) => log(`postgres: ${l}`),
    });
    url = cluster.url;
    process.env.DATABASE_URL = url;
    log(`embedded PostgreSQL on port ${cluster.port} (data in ${cluster.dataDir})`);
  }
  process.env.MREG_STORAGE_DIR ??= path.join(dataRoot(), "checkpoints");
  const { applied } = await applyMigrations(url);
  if (applied.length) log(`applied migrations: ${applied.join(", ")}`);

  const { ensureDefaults, cleanupTemporaryFiles, currentStorage } = await import("../registry");
  await ensureDefaults({ emptyPasswords: Boolean(cluster), log });
  const storage = currentStorage();
  if (storage.kind !== "local") {
    // Refused credentials, a missing bucket or an unreachable endpoint stop the start
    // with one line naming the variables, instead of failing every upload later.
    await storage.probe();
    log(`checkpoint storage: ${storage.location}${process.env.MREG_S3_ENDPOINT ? ` at ${process.env.MREG_S3_ENDPOINT}` : ""}`);
  }
  const removed = await cleanupTemporaryFiles();
  if (removed) log(`removed the upload folders of ${removed} instance(s) gone for longer than MREG_TMP_LEASE_SECONDS`);

  // Demo data: on by default for the embedded database, opt-in for an external one.
  const demo = process.env.MREG_DEMO_DATA ?? (cluster ? "1" : "0");
  let seeded = false;
  if (demo !== "0" && demo !== "false") {
    const { seedDemoData } = await import("../demo/seed");
    seeded = await seedDemoData({ log });
    // The seed wrote its files through this (preparing) process's upload folder; the server is another process.
    const { currentStorage } = await import("../registry/storage/current-storage");
    await currentStorage().release();
  }
  return { url, cluster, seeded };
}
