import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// The app under test runs on its own fresh embedded PostgreSQL and storage in a
// temp folder, with the demo data loaded. Workers inherit the folder from the env.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "mreg-e2e-"));
fs.chmodSync(process.env.E2E_DATA_DIR, 0o755);
const port = Number(process.env.E2E_PORT ?? 3100);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A journey's own limit (each step waits at most `expect.timeout`): the longest journeys take
  // ~50-65 s beside the multi-instance suite, so 60 s cut two of them short in a clean-clone run.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs in once; the journeys reuse the session (pages need a signed-in user).
    { name: "sign-in", testMatch: /.*\.setup\.ts/ },
    {
      name: "chromium",
      dependencies: ["sign-in"],
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, storageState: "test-results/e2e-auth/admin.json" },
    },
  ],
  webServer: {
    // The README's run command, as a user types it (it serves the build from NEXT_DIST_DIR,
    // building it first if it is missing or out of date).
    command: "npm start",
    url: `http://127.0.0.1:${port}/`,
    timeout: 300_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      MREG_DATA_DIR: process.env.E2E_DATA_DIR,
      MREG_PG_PORT: String(port + 20000),
      MREG_DEMO_DATA: "1",
      // scripts/test.sh builds once into .next-test for the HTTP and browser tests;
      // an engineer running Playwright alone may point it at their own build.
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-test",
      NEXT_TELEMETRY_DISABLED: "1",
      // Webhooks (issue 13): a key for signing secrets; the journey's receiver listens on 127.0.0.1.
      MREG_WEBHOOK_KEY: "2".repeat(64),
      MREG_WEBHOOK_ALLOW_PRIVATE: "1",
    },
  },
});
