import type { Page } from "@playwright/test";
import { expect, seedModels, test, uniq } from "./support";

// A fresh context without the admin's session: this journey is a non-admin user, an
// editor of the default workspace, as most of Determined's users are.
test.use({ storageState: { cookies: [], origins: [] } });

const workspaceFact = (page: Page) => page.locator("dt", { hasText: /^Workspace$/ }).locator("xpath=following-sibling::dd[1]");

async function newModel(page: Page, scanA11y: (p: Page, s: string) => Promise<void>, name: string, workspace?: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "New model" }).click();
  const dialog = page.getByRole("dialog", { name: "New model" });
  await dialog.getByRole("textbox", { name: "Name" }).fill(name);
  if (workspace) {
    await dialog.getByRole("combobox", { name: "Workspace" }).selectOption(workspace);
    await scanA11y(page, "new model dialog with its workspace chosen");
  }
  await dialog.getByRole("button", { name: "Create model" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

test("workspaces: create one, create a model in it, filter by it, move a model into it, delete your own model, no Delete on someone else's", async ({ page, scanA11y }) => {
  const username = uniq("ws_user").replace(/-/g, "_");
  const password = "workspace-password-123";
  const [theirs] = seedModels([{ name: uniq("theirs"), description: "made by admin" }], [{ username, password, roles: { Uncategorized: "EDITOR" } }]);
  const vision = uniq("vision");
  const [inVision, toMove, toDelete] = [uniq("mine-in-vision"), uniq("mine-to-move"), uniq("mine-to-delete")];

  await page.goto("/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText(username);

  // Create a workspace: any signed-in user may, and becomes its admin.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Workspaces" })).toBeVisible();
  await scanA11y(page, "workspaces page");
  const nameBox = page.getByRole("textbox", { name: "New workspace" });
  await nameBox.fill("123");
  await expect(page.getByText("Name cannot be all digits")).toBeVisible();
  await nameBox.fill(vision);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("status")).toContainText(`Workspace "${vision}" created`);
  const row = page.getByRole("row", { name: new RegExp(vision) });
  await expect(row.getByRole("cell").nth(2)).toHaveText("admin");
  await scanA11y(page, "workspaces page with the new workspace");

  // Create a model in it (the New model dialog's workspace select).
  await newModel(page, scanA11y, inVision, vision);
  await expect(workspaceFact(page)).toHaveText(vision);

  // Filter the registry by it: the filter lives in the URL, so the view can be shared.
  await page.goto("/");
  await page.getByRole("combobox", { name: "Workspace" }).selectOption(vision);
  await expect(page).toHaveURL(new RegExp(`[?&]workspace=${vision}`));
  const table = page.getByRole("table", { name: "Registered models" });
  await expect(table.getByRole("link", { name: inVision, exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: theirs.name, exact: true })).toHaveCount(0);
  await scanA11y(page, "model list filtered by workspace");
  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByRole("combobox", { name: "Workspace" })).toHaveValue(vision);
  await expect(table.getByRole("row")).toHaveCount(2); // the header and the one model

  // Move a model into it, with a confirmation naming both workspaces; the history says so.
  await newModel(page, scanA11y, toMove);
  await expect(workspaceFact(page)).toHaveText("Uncategorized");
  await page.getByRole("button", { name: "Move…" }).click();
  const move = page.getByRole("dialog", { name: `Move "${toMove}" to another workspace` });
  await expect(move).toContainText("It is in Uncategorized now");
  await move.getByRole("combobox", { name: "Move to" }).selectOption(vision);
  await scanA11y(page, "move dialog");
  await move.getByRole("button", { name: `Move to ${vision}` }).click();
  await expect(move).toHaveCount(0);
  await expect(workspaceFact(page)).toHaveText(vision);
  await expect(page.getByText(`moved the model from workspace Uncategorized to ${vision}`)).toBeVisible();
  await scanA11y(page, "model page after the move");

  // Delete a model you created: an editor may, by the delete rule.
  await newModel(page, scanA11y, toDelete);
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("alertdialog", { name: `Delete model "${toDelete}"?` });
  await expect(confirm).toBeVisible();
  await scanA11y(page, "delete confirmation for your own model");
  await confirm.getByRole("button", { name: "Delete model" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto(`/?name=${toDelete}`);
  await expect(page.getByText("No models match these filters.")).toBeVisible();

  // Someone else's model: editable, but no Delete for an editor who did not create it.
  await page.goto(`/models/${encodeURIComponent(theirs.name)}`);
  await expect(page.getByRole("button", { name: "Rename", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete", exact: true })).toHaveCount(0);
  await scanA11y(page, "someone else's model, without Delete");
  await page.goto(`/?name=${theirs.name}`);
  await page.getByRole("button", { name: `Actions for ${theirs.name}` }).click();
  await expect(page.getByRole("menuitem", { name: "Archive" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Delete…" })).toHaveCount(0);
  await scanA11y(page, "row menu of someone else's model, without Delete");
  await page.keyboard.press("Escape");

  // A workspace that holds models is not deleted: the confirmation says how many, and so does the refusal.
  await page.goto("/workspaces");
  await page.getByRole("button", { name: `Delete ${vision}` }).click();
  const del = page.getByRole("alertdialog", { name: `Delete workspace "${vision}"?` });
  await expect(del).toContainText("It holds 2 models");
  await del.getByRole("button", { name: "Delete workspace" }).click();
  await expect(del.getByRole("alert")).toContainText("holds 2 models");
  await scanA11y(page, "refused workspace deletion");
});
