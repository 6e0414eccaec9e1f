import type { Page } from "@playwright/test";
import { expect, seedModels, snap, test, uniq } from "./support";

const nameCells = (page: Page) => page.getByRole("table", { name: "Registered models" }).getByRole("row").locator("td:first-child a");

test("sort, filter and paginate the model list; the URL keeps the view across reload and back", async ({ page, scanA11y }, testInfo) => {
  const prefix = uniq("list");
  const label = uniq("lbl");
  // 12 models; every third is labelled, even ones say "Gradient boosted", one is archived.
  seedModels(Array.from({ length: 12 }, (_, i) => ({
    name: `${prefix}-${String(i + 1).padStart(2, "0")}`,
    description: i % 2 ? "gradient BOOSTED trees" : "plain baseline",
    labels: i % 3 === 0 ? [label] : [],
    archived: i === 11,
    versions: i === 4 ? 2 : 0,
  })));

  await page.goto("/");
  await page.getByLabel("Name contains").fill(prefix.toUpperCase()); // case-insensitive
  await expect(page).toHaveURL(new RegExp(`name=${prefix.toUpperCase()}`));
  await expect(nameCells(page)).toHaveCount(11); // the archived one is hidden
  await expect(page.getByRole("navigation", { name: "Model list pages" })).toContainText("1–11 of 11");

  await page.getByRole("switch", { name: "Show archived" }).click();
  await expect(nameCells(page)).toHaveCount(12);
  const archivedRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: `${prefix}-12`, exact: true }) });
  await expect(archivedRow.getByText("Archived")).toBeVisible();
  await scanA11y(page, "filtered model list showing archived models");

  await page.getByLabel("Rows per page").selectOption("10");
  await expect(nameCells(page)).toHaveCount(10);

  const nameHeader = page.getByRole("columnheader", { name: /^Name/ });
  await nameHeader.getByRole("link").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(nameCells(page).first()).toHaveText(`${prefix}-01`);
  await nameHeader.getByRole("link").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(nameCells(page).first()).toHaveText(`${prefix}-12`);

  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(nameCells(page)).toHaveText([`${prefix}-02`, `${prefix}-01`]);
  await expect(page.getByRole("navigation", { name: "Model list pages" })).toContainText("11–12 of 12");
  await snap(page, testInfo, "model-list-filtered");
  await scanA11y(page, "second page of a sorted model list");

  await page.reload();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByLabel("Name contains")).toHaveValue(prefix.toUpperCase());
  await expect(page.getByLabel("Rows per page")).toHaveValue("10");
  await expect(nameCells(page)).toHaveText([`${prefix}-02`, `${prefix}-01`]);

  await page.goBack();
  await expect(page).not.toHaveURL(/page=2/);
  await expect(nameCells(page).first()).toHaveText(`${prefix}-12`);

  // Versions sort: the one model with versions comes first when sorted by count, most first.
  await page.getByRole("columnheader", { name: /^Versions/ }).getByRole("link").click();
  await expect(page.getByRole("columnheader", { name: /^Versions/ })).toHaveAttribute("aria-sort", "descending");
  await expect(nameCells(page).first()).toHaveText(`${prefix}-05`);

  await page.getByLabel("Description contains").fill("Gradient");
  await expect(page).toHaveURL(/description=Gradient/);
  await expect(nameCells(page)).toHaveCount(6);
  await page.getByLabel("Label", { exact: true }).selectOption(label);
  // Labelled (i % 3 == 0) and odd i: i = 3, 9 -> names 04 and 10.
  await expect(nameCells(page)).toHaveCount(2);
  await page.getByRole("columnheader", { name: /^Name/ }).getByRole("link").click();
  await expect(nameCells(page)).toHaveText([`${prefix}-04`, `${prefix}-10`]);

  await page.getByLabel("Name contains").fill(`${prefix}-nothing-matches`);
  await expect(page.getByText("No models match these filters.")).toBeVisible();
  await scanA11y(page, "model list with no match");
});

test("list, model and version pages are usable at phone width", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("phone"), description: "a model looked at on a phone", labels: ["mobile"], versions: 1 }]);
  await page.setViewportSize({ width: 390, height: 844 });
  // Only tables scroll sideways, never the page.
  const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.goto("/");
  await expect(page.getByRole("button", { name: "New model" })).toBeVisible();
  await expect(page.getByLabel("Name contains")).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "model-list-390px");
  await scanA11y(page, "model list at 390px");

  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole("button", { name: "Edit notes" })).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "model-page-390px");
  await scanA11y(page, "model page at 390px");

  await page.goto(`/models/${model.id}/versions/1`);
  await expect(page.getByRole("button", { name: "Deregister" })).toBeVisible();
  expect(await pageOverflow()).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "version-page-390px");
  await scanA11y(page, "version page at 390px");
});
