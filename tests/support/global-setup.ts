// Starts one real PostgreSQL for the whole run (embedded, in a fresh temp data
// directory unless TEST_DATABASE_URL points at another server), applies the
// committed migrations, and hands the URL to the tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedCluster } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";

export default async function setup(project: TestProject) {
  // Per call, not per module: the domain-s3 project runs this setup too, in the same process.
  let cluster: EmbeddedCluster | undefined;
  let tmp: string | undefined;
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-test-"));
    fs.chmodSync(tmp, 0o755);
    cluster = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg"), port: 55400, database: "registry_test", log: () => {} });
    url = cluster.url;
  }
  await applyMigrations(url);
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-test-storage-"));
  project.provide("databaseUrl", url);
  project.provide("storageDir", storage);
  return async () => {
    cluster?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    storageDir: string;
    /** The S3 server of the domain-s3 project (s3-global-setup.ts). */
    s3Endpoint: string;
    s3Bucket: string;
  }
}
