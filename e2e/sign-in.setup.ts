import { expect, test as setup } from "@playwright/test";
import { ADMIN_STATE } from "./support";

// Every journey runs signed in as the demo admin (the embedded demo database gives
// admin an empty password); the session cookie is saved once and reused.
setup("sign in as admin", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByLabel("Username").fill("admin");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText("admin");
  await page.context().storageState({ path: ADMIN_STATE });
});
