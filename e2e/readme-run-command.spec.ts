import { expect, test } from "@playwright/test";
import { snap, uniq } from "./support";

// The browser tests' server is the README's run command, `npm start`, opened at
// http://127.0.0.1:<port> as issue 11 asks: a production build, where pages become
// interactive at any address (a development server blocks its scripts for any
// origin but localhost, so buttons there silently did nothing).
test("at 127.0.0.1, the README's run command serves interactive pages: create a model, open the Checkpoint modal", async ({ page, request, baseURL }, testInfo) => {
  expect(new URL(baseURL!).hostname).toBe("127.0.0.1");
  const health = await request.get("/api/v1/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok", database: "ok", storage: "ok" });

  const name = uniq("readme");
  await page.goto("/");
  // A production build: no development indicator, no dev-only scripts.
  await expect(page.locator("nextjs-portal")).toHaveCount(0);
  await page.getByRole("button", { name: "New model" }).click();
  const dialog = page.getByRole("dialog", { name: "New model" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("textbox", { name: "Name" }).fill(name);
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();

  await page.goto("/experiments");
  await page.getByRole("link", { name: "mnist-pytorch-cnn", exact: true }).click();
  const rows = page.getByRole("table", { name: /Checkpoints of this experiment/ }).getByRole("row").filter({ has: page.getByRole("cell") });
  await rows.first().getByRole("cell").nth(2).click();
  const modal = page.getByRole("dialog");
  await expect(modal.getByRole("heading", { name: /^Checkpoint [0-9a-f]{8}$/ })).toBeVisible();
  await expect(page).toHaveURL(/\?checkpoint=[0-9a-f-]{36}/);
  await snap(page, testInfo, "readme-run-command-checkpoint-modal");
  await page.keyboard.press("Escape");
  await expect(modal).toHaveCount(0);
});
