import type { Page } from "@playwright/test";
import { expect, seedModels, test, uniq } from "./support";

// Server actions are POSTs carrying a Next-Action header. Dropping them is what a lost
// connection looks like to the page: each control says so, stays usable, and nothing changes.
async function dropServerActions(page: Page) {
  await page.route("**/*", (route) =>
    route.request().method() === "POST" && route.request().headers()["next-action"] ? route.abort("failed") : route.continue());
}
const unreachable = "Could not reach the server; try again.";

test("when server actions cannot reach the server, archive, rename and delete say so and change nothing", async ({ page, scanA11y }) => {
  const [model] = seedModels([{ name: uniq("offline"), description: "unreachable journey", versions: 1 }]);
  await page.goto(`/models/${encodeURIComponent(model.name)}`);
  await dropServerActions(page);

  // The header's Archive button: a message, and the button is usable again.
  await page.getByRole("button", { name: "Archive" }).click();
  await expect(page.getByRole("alert").filter({ hasText: unreachable })).toBeVisible();
  await expect(page.getByRole("button", { name: "Archive" })).toBeEnabled();
  await scanA11y(page, "model page, archive failed to reach the server");

  // Rename (redirects on success): the message shows in the dialog, which stays open.
  await page.getByRole("button", { name: "Rename" }).click();
  const rename = page.getByRole("dialog", { name: `Rename "${model.name}"` });
  await rename.getByRole("textbox", { name: "New name" }).fill(uniq("never"));
  await rename.getByRole("button", { name: "Rename" }).click();
  await expect(rename.getByRole("alert")).toHaveText(unreachable);
  await expect(rename.getByRole("button", { name: "Rename" })).toBeEnabled();
  await scanA11y(page, "rename dialog, failed to reach the server");
  await rename.getByRole("button", { name: "Cancel" }).click();

  // Delete (redirects on success): the confirmation stays open with the message.
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete model "${model.name}"?` });
  await confirm.getByRole("button", { name: "Delete model" }).click();
  await expect(confirm.getByRole("alert")).toHaveText(unreachable);
  await expect(confirm.getByRole("button", { name: "Delete model" })).toBeEnabled();
  await scanA11y(page, "delete confirmation, failed to reach the server");
  await confirm.getByRole("button", { name: "Cancel" }).click();

  // The list's row menu: Archive says so below the menu button.
  await page.goto(`/?name=${encodeURIComponent(model.name)}`);
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: model.name, exact: true }) });
  await row.getByRole("button", { name: `Actions for ${model.name}` }).click();
  await page.getByRole("menuitem", { name: "Archive" }).click();
  await expect(row.getByRole("alert")).toHaveText(unreachable);
  await scanA11y(page, "model list, row archive failed to reach the server");

  // Nothing changed: same name, not archived, still there.
  await page.unrouteAll();
  await page.goto(`/models/${model.id}`);
  await expect(page.getByRole("heading", { level: 1, name: model.name })).toBeVisible();
  await expect(page.getByRole("button", { name: "Archive" })).toBeVisible();
});
