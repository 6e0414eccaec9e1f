import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Saves a full-page screenshot as a test artifact (test-results/screenshots) for reviewers. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = path.join("test-results", "screenshots", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** A unique suffix so journeys never depend on each other's data. */
export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export type SeededModel = { id: number; name: string; versions: { version: number; uuid: string }[] };

/** Creates models (optionally with versions, archived) through the domain; see e2e/fixtures/seed.ts. */
export function seedModels(
  specs: Array<{ name: string; description?: string; labels?: string[]; archived?: boolean; versions?: number; notes?: string }>,
  users: Array<{ username: string; password: string; roles: Record<string, "VIEWER" | "EDITOR" | "ADMIN"> }> = [],
): SeededModel[] {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const res = spawnSync("npx", ["tsx", "--conditions=react-server", "e2e/fixtures/seed.ts", JSON.stringify(specs), JSON.stringify(users)], {
    encoding: "utf8",
    env: { ...process.env, MREG_DATA_DIR: process.env.E2E_DATA_DIR, MREG_PG_PORT: String(port + 20000) },
  });
  if (res.status !== 0) throw new Error(`seed fixture failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as SeededModel[];
}

/** The admin's signed-in browser state, written by sign-in.setup.ts before the journeys run. */
export const ADMIN_STATE = path.join("test-results", "e2e-auth", "admin.json");
