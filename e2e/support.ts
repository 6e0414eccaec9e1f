import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";

/** Saves a full-page screenshot as a test artifact (test-results/screenshots) for reviewers. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = path.join("test-results", "screenshots", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}
