import path from "node:path";
import { defineConfig } from "vitest/config";

// Domain tests that store, read, verify or delete checkpoint files: run on both backends.
const STORAGE_TESTS = [
  "tests/registry/checkpoints.test.ts",
  "tests/registry/checkpoint-archive.test.ts",
  "tests/registry/integrity.test.ts",
  "tests/registry/storage-verify-script.test.ts",
  "tests/registry/storage-migration.test.ts",
];

const OWN_DATABASE_TESTS = ["tests/registry/storage-migrate-script.test.ts"];

export default defineConfig({
  resolve: {
    alias: {
      // Domain modules import "server-only" to keep them out of client bundles;
      // under vitest they run on the server, so the guard is an empty module.
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty.ts"),
      "@": import.meta.dirname,
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One worker process: tests share one real PostgreSQL; each test makes its own uniquely named data.
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: {
          name: "domain",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/rest/**", "tests/cli/**", "tests/stack/**", "tests/multi/**", "tests/s3/**", ...OWN_DATABASE_TESTS],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup.ts"],
        },
      },
      {
        // Domain tests that run a whole-store operation as a separate process and assert on its
        // complete output: on their own database, so the thousands of checkpoints the other
        // files leave behind neither slow them down nor blur what they check.
        extends: true,
        test: {
          name: "domain-own-db",
          include: OWN_DATABASE_TESTS,
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup.ts"],
        },
      },
      {
        // The storage-touching domain tests again with checkpoints in S3 (a real s3rver
        // process, tests/support/s3-global-setup.ts), plus the S3-only ones in tests/s3.
        extends: true,
        test: {
          name: "domain-s3",
          include: [...STORAGE_TESTS, "tests/s3/**/*.test.ts"],
          globalSetup: ["tests/support/s3-global-setup.ts"],
          setupFiles: ["tests/support/setup.ts", "tests/support/s3-setup.ts"],
        },
      },
      {
        // Over HTTP against a production build of the app (tests/support/server-setup.ts).
        extends: true,
        test: {
          name: "http",
          include: ["tests/rest/**/*.test.ts", "tests/cli/**/*.test.ts"],
          globalSetup: ["tests/support/server-setup.ts"],
        },
      },
      {
        // Each file starts its own server and PostgreSQL (tests/support/stack.ts), so it
        // can stop the database, kill the server or read the build's action manifest.
        extends: true,
        test: {
          name: "stack",
          include: ["tests/stack/**/*.test.ts"],
        },
      },
      {
        // Several production instances on one database and storage (tests/support/stack.ts).
        // Its own project so scripts/test.sh can run it beside the others.
        extends: true,
        test: { name: "multi", include: ["tests/multi/**/*.test.ts"] },
      },
    ],
  },
});
