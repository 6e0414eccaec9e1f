import type { Page } from "@playwright/test";
import { expect, snap, test } from "./support";

/** The text of one column's cells, top to bottom, found by its header's name. */
async function columnValues(page: Page, header: string | RegExp): Promise<string[]> {
  const table = page.getByRole("table", { name: /Checkpoints of this experiment/ });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const index = headers.findIndex((h) => (typeof header === "string" ? h.replace(/[▲▼★]/g, "").trim() === header : header.test(h)));
  expect(index, `column ${header} among ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  const rows = table.getByRole("row").filter({ has: page.getByRole("cell") });
  return rows.evaluateAll((trs, i) => trs.map((tr) => (tr as HTMLTableRowElement).cells[i].innerText.trim()), index);
}

const numbers = (xs: string[]) => xs.map(Number);
const sorted = (xs: number[], dir: 1 | -1) => [...xs].sort((a, b) => dir * (a - b));

test("browse experiments, open one and sort its checkpoints by a metric and by batch", async ({ page, scanA11y }, testInfo) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Experiments" }).click();
  await expect(page.getByRole("heading", { name: "Experiments", level: 1 })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "mnist-pytorch-cnn" }) });
  await expect(row.getByRole("cell").nth(2)).toHaveText("2"); // trials
  await expect(row.getByRole("cell").nth(3)).toHaveText("6"); // checkpoints
  await snap(page, testInfo, "experiments");
  await scanA11y(page, "experiment list");

  await row.getByRole("link", { name: "mnist-pytorch-cnn" }).click();
  await expect(page).toHaveURL(/\/experiments\/\d+$/);
  await expect(page.getByRole("heading", { name: "mnist-pytorch-cnn", level: 1 })).toBeVisible();
  // Default: by trial, each trial's checkpoints in batch order.
  expect(await columnValues(page, "Batch")).toEqual(["400", "800", "1200", "400", "800", "1200"]);
  // The demo registers four mnist checkpoints as mnist-digits versions 1-4.
  const registered = await page.getByRole("table", { name: /Checkpoints of this experiment/ })
    .getByRole("link", { name: /^mnist-digits v\d+$/ }).allInnerTexts();
  expect(registered).toEqual(expect.arrayContaining(["mnist-digits v1", "mnist-digits v2", "mnist-digits v3", "mnist-digits v4"]));
  await expect(page.getByRole("link", { name: "mnist-digits v4" })).toHaveAttribute("href", "/models/mnist-digits/versions/4");
  await scanA11y(page, "experiment page");

  await page.getByRole("columnheader", { name: /validation_loss/ }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=metric%3Avalidation_loss&order=asc/);
  await expect(page.getByRole("columnheader", { name: /validation_loss/ })).toHaveAttribute("aria-sort", "ascending");
  const asc = numbers(await columnValues(page, /validation_loss/));
  expect(asc).toHaveLength(6);
  expect(asc).toEqual(sorted(asc, 1));

  await page.getByRole("columnheader", { name: /validation_loss/ }).getByRole("link").click();
  await expect(page).toHaveURL(/order=desc/);
  await expect(page.getByRole("columnheader", { name: /validation_loss/ })).toHaveAttribute("aria-sort", "descending");
  const desc = numbers(await columnValues(page, /validation_loss/));
  expect(desc).toEqual(sorted(asc, -1));
  expect(desc[0]).toBeGreaterThan(desc[5]);

  // The sort lives in the URL: a reload (or a shared link) shows the same order.
  await page.reload();
  expect(numbers(await columnValues(page, /validation_loss/))).toEqual(desc);
  await snap(page, testInfo, "experiment-sorted-by-metric");
  await scanA11y(page, "experiment sorted by a metric");

  await page.getByRole("columnheader", { name: "Batch" }).getByRole("link").click();
  await expect(page).toHaveURL(/sort=batch&order=asc/);
  expect(await columnValues(page, "Batch")).toEqual(["400", "400", "800", "800", "1200", "1200"]);
  await page.goBack();
  await expect(page).toHaveURL(/sort=metric%3Avalidation_loss&order=desc/);
  expect(numbers(await columnValues(page, /validation_loss/))).toEqual(desc);

  // One trial's checkpoints only, keeping the sort; then all of them again.
  const trial = (await columnValues(page, "Trial"))[0];
  await page.getByRole("link", { name: `Show only trial ${trial}` }).first().click();
  await expect(page.getByText(`Showing trial ${trial} only.`)).toBeVisible();
  expect(await columnValues(page, "Trial")).toEqual([trial, trial, trial]);
  await scanA11y(page, "experiment showing one trial");
  const oneTrial = numbers(await columnValues(page, /validation_loss/));
  expect(oneTrial).toEqual(sorted(oneTrial, -1));
  await page.getByRole("link", { name: "Show all trials" }).click();
  await expect(page.getByText(/Showing trial/)).toHaveCount(0);
  expect(await columnValues(page, "Trial")).toHaveLength(6);
});

test("an unknown experiment is a 404 page", async ({ page, scanA11y }) => {
  const res = await page.goto("/experiments/987654");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("This page could not be found.")).toBeVisible();
  await scanA11y(page, "experiment not found page");
});

test("the experiment page and checkpoint modal stay usable 390px wide", async ({ page, scanA11y }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/experiments");
  await page.getByRole("link", { name: "mnist-pytorch-cnn" }).click();
  await expect(page.getByRole("heading", { name: "mnist-pytorch-cnn", level: 1 })).toBeVisible();
  await snap(page, testInfo, "experiment-390px");
  await scanA11y(page, "experiment page at 390px");
  await page.getByRole("link", { name: /^Checkpoint [0-9a-f]{8}/ }).first().click();
  const dialog = page.getByRole("dialog");
  const register = dialog.getByRole("button", { name: "Register checkpoint" });
  await register.scrollIntoViewIfNeeded();
  await expect(register).toBeInViewport();
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await snap(page, testInfo, "checkpoint-modal-390px");
  await scanA11y(page, "checkpoint modal at 390px");
  await register.click();
  const picker = dialog.getByRole("combobox", { name: "Model" });
  await expect(picker).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("option").first()).toBeVisible();
  const pickerBox = (await picker.boundingBox())!;
  expect(pickerBox.x + pickerBox.width).toBeLessThanOrEqual(390);
  await snap(page, testInfo, "register-390px");
  await scanA11y(page, "model picker open at 390px");
});
