import { expect, test } from "@playwright/test";
import { snap } from "./support";

test("landing page shows the demo models; a model page lists its versions newest first", async ({ page }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Model Registry" })).toBeVisible();
  const digits = page.getByRole("link", { name: "mnist-digits", exact: true });
  await expect(digits).toBeVisible();
  await expect(page.getByRole("link", { name: "iris-classifier", exact: true })).toBeVisible();
  await snap(page, testInfo, "model-registry");

  await digits.click();
  await expect(page).toHaveURL(/\/models\/mnist-digits/);
  await expect(page.getByRole("heading", { name: "mnist-digits", level: 1 })).toBeVisible();
  const versionCells = page.getByRole("row").filter({ hasText: /Version \d+/ });
  await expect(versionCells).toHaveCount(4);
  const order = await versionCells.evaluateAll((rows) => rows.map((r) => Number(/Version (\d+)/.exec(r.textContent ?? "")?.[1])));
  expect(order).toEqual([4, 3, 2, 1]);
  await snap(page, testInfo, "model-page");
});
