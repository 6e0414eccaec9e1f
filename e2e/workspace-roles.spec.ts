import { expect, seedModels, test, uniq } from "./support";

test("an administrator gives a user a role in one workspace from the admin page's Roles by workspace", async ({ page, scanA11y }) => {
  const username = uniq("role_user").replace(/-/g, "_");
  seedModels([], [{ username, password: "role-password-123", roles: { Uncategorized: "VIEWER" } }]);
  const nlp = uniq("nlp");
  await page.goto("/workspaces");
  await page.getByRole("textbox", { name: "New workspace" }).fill(nlp);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("status")).toContainText(`Workspace "${nlp}" created`);

  await page.goto("/admin/users");
  const card = page.getByRole("listitem", { name: `Roles in ${nlp}` });
  await expect(card).toContainText("admin: admin"); // its creator
  await card.getByLabel(`User for ${nlp}`).selectOption(username);
  await card.getByLabel(`Their role in ${nlp}`).selectOption("EDITOR");
  await card.getByRole("button", { name: `Set a role in ${nlp}` }).click();
  await expect(card.getByRole("status")).toHaveText(`Role of ${username} in ${nlp}: editor.`);
  await expect(card).toContainText(`${username}: editor`);
  // The same role shows in the user's own row, beside their viewer role in the default workspace.
  const user = page.getByRole("listitem", { name: `User ${username}` });
  await expect(user.getByLabel(`Role in ${nlp}`)).toHaveValue("EDITOR");
  await expect(user.getByLabel("Role in Uncategorized")).toHaveValue("VIEWER");
  await scanA11y(page, "admin page with roles by workspace");
});
