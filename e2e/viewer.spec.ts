import { expect, seedModels, test, uniq } from "./support";

// A fresh context without the admin's session: this journey signs in as a viewer.
test.use({ storageState: { cookies: [], origins: [] } });

test("a viewer sees models, versions and notes but no controls that would change them", async ({ page, scanA11y }) => {
  const username = uniq("viewer").replace(/-/g, "_");
  const password = "viewer-password-123";
  const [model] = seedModels(
    [{ name: uniq("readonly"), description: "look, don't touch", labels: ["x"], notes: "**hello**", versions: 1 }],
    [{ username, password, roles: { Uncategorized: "VIEWER" } }],
  );
  await page.goto("/");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText(username);

  await page.goto(`/?name=${model.name}`);
  await expect(page.getByRole("link", { name: model.name, exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "New model" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Actions for ${model.name}` })).toHaveCount(0);
  await scanA11y(page, "model list, read-only for a viewer");

  await page.getByRole("link", { name: model.name, exact: true }).click();
  await expect(page.getByText("look, don't touch")).toBeVisible();
  await expect(page.getByRole("region", { name: "Notes" }).getByText("hello")).toBeVisible();
  await scanA11y(page, "model page, read-only for a viewer");
  for (const name of ["Edit description", "Edit notes", "Edit metadata", "Rename", "Archive", "Delete", "Remove label x"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }

  await page.getByRole("link", { name: "Version 1", exact: true }).click();
  await expect(page.getByRole("region", { name: "Checkpoint" })).toBeVisible();
  await scanA11y(page, "version page, read-only for a viewer");
  for (const name of ["Edit version name", "Edit comment", "Edit notes", "Edit metadata", "Deregister", "Promote…"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
});
