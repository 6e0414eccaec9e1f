import { expect, seedModels, snap, test, uniq } from "./support";

test("edit description and labels in place, rename (id URL keeps working), archive makes it read-only", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("inline"), description: "old description", labels: ["keep", "drop"], versions: 3 }]);
  await page.goto(`/models/${encodeURIComponent(model.name)}`);

  await scanA11y(page, "model page");
  await page.getByRole("button", { name: "Edit description" }).click();
  const box = page.getByRole("textbox", { name: "Description" });
  await expect(box).toBeFocused();
  await scanA11y(page, "model page, editing its description");
  await box.fill("new description, saved in place");
  await page.getByRole("button", { name: "Save description" }).click();
  await expect(page.getByText("new description, saved in place")).toBeVisible();
  await expect(box).toHaveCount(0);

  await page.getByRole("button", { name: "Remove label drop" }).click();
  await expect(page.getByRole("button", { name: "Remove label drop" })).toHaveCount(0);
  // Straight on to the next change, as fast as the (briefly disabled) input allows:
  // the second save must not conflict with the first.
  await page.getByRole("textbox", { name: `Add to labels of ${model.name}` }).fill("fresh");
  await page.getByRole("button", { name: "Add label" }).click();
  await expect(page.getByRole("button", { name: "Remove label fresh" })).toBeVisible();
  await expect(page.getByText("Labels saved")).toBeVisible();
  await expect(page.getByRole("alert", { name: /Conflict/ })).toHaveCount(0);

  // Versions newest first, each linking to its page; the key metric is the searcher metric.
  const versionLinks = page.getByRole("table", { name: /Versions of/ }).getByRole("link", { name: /^Version \d+$/ });
  await expect(versionLinks).toHaveText(["Version 3", "Version 2", "Version 1"]);
  await expect(page.getByRole("row", { name: /Version 3/ })).toContainText("validation_loss 0.25");
  await snap(page, testInfo, "model-page");
  await scanA11y(page, "model page after edits, with history");

  await page.reload();
  await expect(page.getByText("new description, saved in place")).toBeVisible();
  await expect(page.getByRole("list", { name: `Labels of ${model.name}` }).getByRole("listitem")).toHaveText([/keep/, /fresh/]);

  const renamed = uniq("renamed");
  await page.getByRole("button", { name: "Rename" }).click();
  const dialog = page.getByRole("dialog", { name: `Rename "${model.name}"` });
  await dialog.getByRole("textbox", { name: "New name" }).fill("999");
  await expect(dialog.getByText("Name cannot be all digits")).toBeVisible();
  await scanA11y(page, "rename dialog with an error");
  await dialog.getByRole("textbox", { name: "New name" }).fill(renamed);
  await dialog.getByRole("button", { name: "Rename" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${renamed}$`));
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole("heading", { level: 1, name: renamed })).toBeVisible();
  await expect(versionLinks).toHaveCount(3);

  await page.getByRole("button", { name: "Archive" }).click();
  const banner = page.getByRole("status").filter({ hasText: "This model is archived." });
  await expect(banner).toBeVisible();
  await expect(page.getByRole("button", { name: "Edit description" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit notes" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Rename" })).toHaveCount(0);
  await snap(page, testInfo, "model-page-archived");
  await scanA11y(page, "archived model page");
  await banner.getByRole("button", { name: "Unarchive" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit description" })).toBeVisible();
});
