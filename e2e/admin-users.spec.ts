import type { Browser, Page } from "@playwright/test";
import { expect, snap, test, uniq } from "./support";

/** A browser of its own, without the admin's session. */
async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an administrator adds a user, changes their role, makes and revokes a token, and resets their password", async ({ page, browser, baseURL, scanA11y }, testInfo) => {
  const username = uniq("ana").replace(/-/g, "_");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
  await scanA11y(page, "admin users page");

  // Add a user who may view the default workspace.
  const add = page.getByRole("region", { name: "Add a user" });
  await add.getByLabel("Username").fill(username);
  await add.getByLabel("Display name").fill("Ana Lytic");
  await add.getByLabel("Initial password").fill("first-password-1");
  await add.getByLabel("Workspace").selectOption("Uncategorized");
  await add.getByLabel("Role").selectOption("VIEWER");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(add.getByRole("status")).toHaveText(`Added ${username}.`);
  const user = page.getByRole("listitem", { name: `User ${username}` });
  await expect(user).toContainText("(Ana Lytic)");
  await expect(user.getByLabel("Role in Uncategorized")).toHaveValue("VIEWER");
  await scanA11y(page, "admin page after adding a user");

  // The new user signs in; as a viewer they cannot create models.
  const ana = await freshPage(browser);
  await signIn(ana, username, "first-password-1");
  await expect(ana.getByLabel("Signed in as")).toHaveText(username);
  await expect(ana.getByRole("button", { name: "New model" })).toHaveCount(0);
  await ana.goto("/admin/users");
  await expect(ana.getByRole("alert").filter({ hasText: "Only administrators can manage users." })).toBeVisible();
  await scanA11y(ana, "admin page refused to a non-administrator");

  // Editor in the default workspace: their next page offers "New model".
  await user.getByLabel("Role in Uncategorized").selectOption("EDITOR");
  await user.getByRole("button", { name: `Set role of ${username} in Uncategorized` }).click();
  await expect(user.getByRole("status")).toHaveText(`Role of ${username} in Uncategorized: editor.`);
  await ana.goto("/");
  await expect(ana.getByRole("button", { name: "New model" })).toBeVisible();

  // An API token is shown once, works, and is refused once revoked (after a confirmation).
  const tokens = page.getByRole("region", { name: "API tokens and sessions" });
  await tokens.getByLabel("User").selectOption(username);
  await tokens.getByLabel("Token name").fill("ci");
  await tokens.getByLabel("Valid for (days)").fill("30");
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(tokens.getByRole("status")).toContainText(`Token "ci" for ${username}`);
  await expect(tokens.getByRole("status")).toContainText("Copy it now: it is not shown again.");
  const token = (await tokens.getByTestId("new-token").innerText()).trim();
  expect(token.length).toBeGreaterThan(20);
  await scanA11y(page, "admin page showing a new token once");
  // Straight to the server with the token alone (no browser cookies).
  const me = () => fetch(new URL("/api/v1/me", baseURL), { headers: { Authorization: `Bearer ${token}` } });
  const res = await me();
  expect(res.status).toBe(200);
  expect((await res.json()).user.username).toBe(username);

  await page.reload();
  await expect(tokens.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  const revoke = tokens.getByRole("button", { name: `Revoke API token "ci" of ${username}` });
  await revoke.click();
  const confirmRevoke = page.getByRole("alertdialog", { name: `Revoke the API token "ci" of ${username}?` });
  await expect(confirmRevoke).toContainText("Every program using it is refused from now on.");
  await scanA11y(page, "revoke confirmation");
  await confirmRevoke.getByRole("button", { name: "Cancel" }).click();
  await expect(confirmRevoke).toBeHidden();
  await expect(revoke).toBeFocused(); // focus returns to the button that asked
  expect((await me()).status).toBe(200); // cancelled: nothing revoked
  await revoke.click();
  await confirmRevoke.getByRole("button", { name: "Revoke" }).click();
  // The row goes; the outcome stays, and holds the focus the row's button had.
  const revoked = tokens.getByRole("status").filter({ hasText: `Revoked the API token "ci" of ${username}.` });
  await expect(revoked).toBeFocused();
  await expect(revoke).toHaveCount(0);
  expect((await me()).status).toBe(401);
  await scanA11y(page, "admin page after revoking a token");

  // A password reset asks first, then signs the user out everywhere.
  await user.getByLabel("New password").fill("second-password-2");
  await user.getByRole("button", { name: `Reset password of ${username}` }).click();
  const confirmReset = page.getByRole("alertdialog", { name: `Reset the password of ${username}?` });
  await expect(confirmReset).toContainText("signed out everywhere");
  await snap(page, testInfo, "admin-reset-password-confirm");
  await scanA11y(page, "password reset confirmation");
  await confirmReset.getByRole("button", { name: "Reset password" }).click();
  await expect(user.getByRole("status")).toHaveText(`New password set for ${username}; their sessions and tokens were revoked.`);
  await scanA11y(page, "admin page after a password reset");

  await ana.reload();
  await expect(ana).toHaveURL(/\/sign-in/);
  await signIn(ana, username, "first-password-1");
  await expect(ana.getByRole("alert").filter({ hasText: /password/i })).toBeVisible();
  await scanA11y(ana, "sign-in page refusing an old password");
  await signIn(ana, username, "second-password-2");
  await expect(ana.getByLabel("Signed in as")).toHaveText(username);
  await ana.context().close();
});
