import { expect, seedModels, snap, test, uniq } from "./support";

test("archive, unarchive and delete a model from its row menu", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("rowmenu"), description: "row menu journey", versions: 2 }]);
  await page.goto(`/?name=${model.name}&archived=1`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: model.name, exact: true }) });
  await expect(row).toBeVisible();
  await expect(row.getByText("Archived")).toHaveCount(0);

  await scanA11y(page, "model list filtered to one model");
  await row.getByRole("button", { name: `Actions for ${model.name}` }).click();
  await expect(page.getByRole("menuitem", { name: "Archive" })).toBeVisible();
  await scanA11y(page, "row menu open");
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(row.getByText("Archived")).toBeVisible();
  await scanA11y(page, "model list with an archived row");

  // Archived models are hidden unless "Show archived" is on.
  await page.getByRole("switch", { name: "Show archived" }).click();
  await expect(row).toHaveCount(0);
  await page.getByRole("switch", { name: "Show archived" }).click();

  await row.getByRole("button", { name: `Actions for ${model.name}` }).click();
  await page.getByRole("menuitem", { name: "Unarchive" }).click();
  await expect(row.getByText("Archived")).toHaveCount(0);

  // Keyboard: open the menu and choose Delete without the mouse.
  await row.getByRole("button", { name: `Actions for ${model.name}` }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menuitem", { name: "Delete…" }).focus();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("alertdialog", { name: `Delete model "${model.name}"?` });
  await expect(confirm).toContainText(`This deletes the model "${model.name}" and all 2 of its versions.`);
  await snap(page, testInfo, "delete-model-confirm");
  await scanA11y(page, "delete confirmation");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: `Actions for ${model.name}` }).click();
  await page.getByRole("menuitem", { name: "Delete…" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete model" }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByText("No models match these filters.")).toBeVisible();
  await scanA11y(page, "empty model list");

  const res = await page.goto(`/models/${model.id}`);
  expect(res?.status()).toBe(404);
});
