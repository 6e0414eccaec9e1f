import { ADMIN_STATE, expect, test as setup } from "./support";

// Every journey runs signed in as the demo admin (the embedded demo database gives
// admin an empty password); the session cookie is saved once and reused.
setup("sign in as admin", async ({ page, scanA11y }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await scanA11y(page, "sign-in page");
  await page.getByLabel("Username").fill("admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText("admin");
  await page.context().storageState({ path: ADMIN_STATE });
});
