import { expect, snap, test, uniq } from "./support";

test("create a model: naming rules as you type, metadata and duplicate errors beside their fields, then its page", async ({ page, scanA11y }, testInfo) => {
  const name = uniq("created");
  await page.goto("/");
  await page.getByRole("button", { name: "New model" }).click();
  const dialog = page.getByRole("dialog", { name: "New model" });
  await expect(dialog).toBeVisible();
  const nameBox = dialog.getByRole("textbox", { name: "Name" });
  await expect(nameBox).toBeFocused(); // focus moves into the dialog
  await scanA11y(page, "new model dialog");

  await nameBox.fill("12345");
  await expect(dialog.getByText("Name cannot be all digits")).toBeVisible();
  await expect(nameBox).toHaveAttribute("aria-invalid", "true");
  await nameBox.fill("team/model");
  await expect(dialog.getByText("Name cannot contain '/' or '\\'.")).toBeVisible();
  await nameBox.fill(name);
  await expect(dialog.getByRole("alert")).toHaveCount(0);

  await dialog.getByRole("textbox", { name: "Description" }).fill("Created by the e2e journey");
  await dialog.getByRole("textbox", { name: "Labels" }).fill("e2e");
  await dialog.getByRole("textbox", { name: "Labels" }).press("Enter");
  await expect(dialog.getByRole("button", { name: "Remove label e2e" })).toBeVisible();

  await dialog.getByRole("button", { name: "Add entry" }).click();
  await dialog.getByRole("textbox", { name: "Key 1" }).fill("optimizer");
  await dialog.getByRole("textbox", { name: "Value 1 (JSON)" }).fill("adam");
  await dialog.getByRole("button", { name: "Add entry" }).click();
  await dialog.getByRole("textbox", { name: "Key 2" }).fill("optimizer");
  await dialog.getByRole("textbox", { name: "Value 2 (JSON)" }).fill('{"lr": 0.01}');
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(dialog.getByText("Not valid JSON.")).toBeVisible();
  await expect(dialog.getByText('Duplicate key "optimizer".')).toBeVisible();
  await snap(page, testInfo, "create-model-errors");
  await scanA11y(page, "new model dialog with field errors");

  await dialog.getByRole("textbox", { name: "Value 1 (JSON)" }).fill('"adam"');
  await dialog.getByRole("textbox", { name: "Key 2" }).fill("schedule");
  await dialog.getByRole("button", { name: "Create model" }).click();

  await expect(page).toHaveURL(new RegExp(`/models/${name}$`));
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText("Created by the e2e journey")).toBeVisible();
  const metadata = page.getByRole("region", { name: "Metadata" });
  await expect(metadata).toContainText("optimizer");
  await expect(metadata).toContainText('"adam"');
  await expect(metadata).toContainText('"lr": 0.01');
  await expect(page.getByRole("button", { name: "Remove label e2e" })).toBeVisible();
  await scanA11y(page, "new model's page");

  // The server checks again: the same name a second time is refused beside the field.
  await page.goto("/");
  await page.getByRole("button", { name: "New model" }).click();
  const again = page.getByRole("dialog", { name: "New model" });
  await again.getByRole("textbox", { name: "Name" }).fill(name);
  await again.getByRole("button", { name: "Create model" }).click();
  await expect(again.getByText(`A model named "${name}" already exists.`)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(again).toBeHidden();
  await expect(page.getByRole("button", { name: "New model" })).toBeFocused(); // focus returns to the trigger
});
