// The bench's own PostgreSQL: a fresh cluster in a temp folder on the bench's port,
// migrated with the committed migrations, removed again when the run ends.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";

export const PG_PORT = () => Number(process.env.BENCH_PG_PORT ?? 3700);

export type BenchCluster = EmbeddedCluster & { root: string; storageDir: string; remove: () => void };

export async function startBenchCluster(log: (l: string) => void): Promise<BenchCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-bench-"));
  // The postgres user (we may be root) must be able to enter the folder.
  fs.chmodSync(root, 0o755);
  const storageDir = path.join(root, "storage");
  fs.mkdirSync(storageDir);
  const cluster = await startEmbeddedPostgres({ dataDir: path.join(root, "pg"), port: PG_PORT(), database: "registry_bench", log });
  if (cluster.port !== PG_PORT()) {
    cluster.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw new Error(`port ${PG_PORT()} is taken: the bench's PostgreSQL must run on its own port (BENCH_PG_PORT)`);
  }
  await applyMigrations(cluster.url);
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    cluster.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { ...cluster, root, storageDir, remove };
}
