import type { APIRequestContext, Page } from "@playwright/test";
import { expect, seedModels, snap, test, uniq } from "./support";

/** The REST API as admin (the demo database gives admin an empty password), for set-up that is not the flow under test. */
async function api(request: APIRequestContext) {
  const login = await request.post("/api/v1/auth/login", { data: { username: "admin", password: "", isHashed: false } });
  const { token } = await login.json();
  const headers = { Authorization: `Bearer ${token}` };
  return {
    put: async (path: string, data: unknown) => {
      const r = await request.put(path, { headers, data });
      expect(r.status(), await r.text()).toBe(200);
      return r.json();
    },
    patch: async (path: string, data: unknown) => expect((await request.patch(path, { headers, data })).status()).toBe(200),
  };
}

async function signInAs(page: Page, username: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Signed in as")).toHaveText(username);
}

test("promote from the version page: see the current target, confirm, follow the alias, move it, remove it", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("promote"), versions: 3 }]);
  const base = `/models/${encodeURIComponent(model.name)}`;
  await page.goto(`${base}/versions/2`);
  await page.getByRole("button", { name: "Promote…" }).click();
  const dialog = page.getByRole("dialog", { name: `Promote version 2 of “${model.name}”` });
  await dialog.getByRole("combobox", { name: "Alias" }).fill("production");
  await expect(dialog).toContainText("“production” names no version yet: this sets it.");
  await expect(dialog).toContainText("is protected: only workspace admins may move it, and a reason is required");
  const confirm = dialog.getByRole("button", { name: "Point “production” at version 2" });
  await expect(confirm).toBeDisabled();
  await scanA11y(page, "promote dialog, protected alias");
  await dialog.getByRole("textbox", { name: "Reason (required)" }).fill("best validation loss");
  await confirm.click();
  await expect(dialog).toBeHidden();
  const chips = page.getByRole("list", { name: "Aliases of version 2" });
  await expect(chips.getByRole("link", { name: "production (protected)" })).toBeVisible();
  await scanA11y(page, "version page with an alias");

  // The model page: the versions table and the Aliases section show it.
  await page.goto(base);
  await expect(page.getByRole("table", { name: `Versions of ${model.name}, newest first` }).getByRole("list", { name: "Aliases of version 2" }))
    .toContainText("production");
  const aliases = page.getByRole("table", { name: `Aliases of ${model.name} and the versions they name` });
  await expect(aliases.getByRole("row", { name: /production/ })).toContainText("best validation loss");
  await scanA11y(page, "model page with aliases");

  // /models/{name}@production follows the alias.
  await aliases.getByRole("link", { name: "production (protected)" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model.name}@production$`));
  await expect(page.getByRole("note", { name: "Followed alias" })).toContainText(`${model.name}@production names version 2 now`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${model.name} · Version 2`);
  await expect(page.getByRole("link", { name: /Download what production names/ })).toHaveAttribute("href", `${base}@production/download`);
  await scanA11y(page, "version followed through its alias");
  const download = await page.request.get(`${base}@production/download`);
  expect(download.status()).toBe(200);
  expect(download.headers()["x-model-version"]).toBe("2");

  // Moving it: the dialog shows what it names now before confirming.
  await page.goto(`${base}/versions/3`);
  await page.getByRole("button", { name: "Promote…" }).click();
  const move = page.getByRole("dialog", { name: `Promote version 3 of “${model.name}”` });
  await move.getByRole("combobox", { name: "Alias" }).fill("production");
  await expect(move).toContainText("“production” names version 2 now (set by admin");
  await expect(move).toContainText("best validation loss");
  await move.getByRole("textbox", { name: "Reason (required)" }).fill("v3 wins the A/B test");
  await move.getByRole("button", { name: "Point “production” at version 3" }).click();
  await expect(page.getByRole("list", { name: "Aliases of version 3" })).toContainText("production");
  await snap(page, testInfo, "alias-promoted");

  // Removing it asks first, with a reason for a protected alias.
  await page.getByRole("button", { name: "Remove alias production" }).click();
  const remove = page.getByRole("dialog", { name: "Remove alias “production”?" });
  await expect(remove.getByRole("button", { name: "Remove alias" })).toBeDisabled();
  await scanA11y(page, "remove alias dialog");
  await remove.getByRole("textbox", { name: "Reason (required)" }).fill("rollback drill");
  await remove.getByRole("button", { name: "Remove alias" }).click();
  await expect(remove).toBeHidden();
  await expect(page.getByRole("list", { name: "Aliases of version 3" })).toHaveCount(0);
  expect((await page.goto(`${base}@production`))?.status()).toBe(404);
});

test("two people promote at once: the second sees who won and nothing of theirs is applied", async ({ browser, scanA11y }, testInfo) => {
  const alice = `alice-${uniq("u")}`;
  const [model] = seedModels([{ name: uniq("race"), versions: 3 }], [{ username: alice, password: "alice-pw", roles: { Uncategorized: "EDITOR" } }]);
  const base = `/models/${encodeURIComponent(model.name)}`;
  const adminPage = await (await browser.newContext({ storageState: "test-results/e2e-auth/admin.json" })).newPage();
  const alicePage = await (await browser.newContext({ storageState: { cookies: [], origins: [] } })).newPage();
  await signInAs(alicePage, alice, "alice-pw");

  await adminPage.goto(`${base}/versions/3`);
  await alicePage.goto(`${base}/versions/2`);
  const open = async (p: Page, v: number) => {
    await p.getByRole("button", { name: "Promote…" }).click();
    const d = p.getByRole("dialog", { name: `Promote version ${v} of “${model.name}”` });
    await d.getByRole("combobox", { name: "Alias" }).fill("staging");
    await expect(d).toContainText("names no version yet");
    return d;
  };
  const adminDialog = await open(adminPage, 3);
  const aliceDialog = await open(alicePage, 2);
  await aliceDialog.getByRole("textbox", { name: "Reason (optional)" }).fill("alice's pick");
  await aliceDialog.getByRole("button", { name: "Point “staging” at version 2" }).click();
  await expect(aliceDialog).toBeHidden();

  await adminDialog.getByRole("button", { name: "Point “staging” at version 3" }).click();
  const lost = adminDialog.getByRole("alert", { name: "Conflict: staging" });
  await expect(lost).toContainText(`${alice} moved “staging” to version 2`);
  await expect(lost).toContainText("alice's pick");
  await expect(lost).toContainText("Your change was not applied.");
  await expect(adminDialog).toContainText("“staging” names version 2 now");
  await snap(adminPage, testInfo, "alias-conflict");
  await scanA11y(adminPage, "promote dialog after losing a race");

  // Nothing of the loser's was applied; trying again is a conscious second step.
  await adminPage.goto(base);
  await expect(adminPage.getByRole("table", { name: /^Aliases of/ }).getByRole("row", { name: /staging/ })).toContainText("Version 2");
  await alicePage.goto(`${base}/versions/2`);
  await expect(alicePage.getByRole("list", { name: "Aliases of version 2" })).toContainText("staging");
  // An editor does not get to move a protected alias: the dialog says so and offers no button.
  await alicePage.getByRole("button", { name: "Promote…" }).click();
  const again = alicePage.getByRole("dialog", { name: `Promote version 2 of “${model.name}”` });
  await again.getByRole("combobox", { name: "Alias" }).fill("production");
  await expect(again).toContainText("You cannot move it.");
  await expect(again.getByRole("button", { name: "Point “production” at version 2" })).toBeDisabled();
  await scanA11y(alicePage, "promote dialog, editor and a protected alias");
});

test("the alias timeline and the 'as of' view: the page as it was, marked historical and read-only", async ({ page, request, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("timeline"), versions: 3, description: "the old description" }]);
  const base = `/api/v1/models/${encodeURIComponent(model.name)}`;
  const rest = await api(request);
  await rest.put(`${base}/aliases/staging`, { version: 1, reason: "first candidate" });
  await rest.put(`${base}/aliases/production`, { version: 1, reason: "launch" });
  // The picker has whole seconds: `then`, cut to its second, must fall after the sets
  // above (more than a second ago) and before the changes below (more than a second on).
  await new Promise((r) => setTimeout(r, 1100));
  const then = new Date();
  await new Promise((r) => setTimeout(r, 1100));
  await rest.patch(base, { description: "the new description", notes: "# New notes" });
  await rest.put(`${base}/aliases/staging`, { version: 2, reason: "second candidate" });
  await rest.put(`${base}/aliases/production`, { version: 3, expectedVersion: 1, reason: "v3 ships" });

  const href = `/models/${encodeURIComponent(model.name)}`;
  await page.goto(href);
  const timeline = page.getByRole("figure", { name: `Which version each alias of ${model.name} named over time` });
  await expect(timeline).toBeVisible();
  const staging = timeline.getByRole("list", { name: "staging" });
  await expect(staging.getByRole("listitem")).toHaveCount(2);
  const first = staging.getByRole("listitem").first();
  await expect(first).toHaveAccessibleName(/^staging named version 1 from .* UTC to .* UTC; set by admin: “first candidate”$/);
  const tooltip = () => first.evaluate((el) => getComputedStyle(el, "::after").display);
  expect(await tooltip()).toBe("none");
  await first.focus();
  await expect.poll(tooltip).toBe("block");
  await snap(page, testInfo, "alias-timeline");
  await scanA11y(page, "model page with the alias timeline, a segment focused");

  // "As of": a GET form, so the result is a URL to share.
  const asOf = page.getByRole("form", { name: "Show the model as it was" }).first();
  await asOf.getByLabel("As of (UTC)").fill(then.toISOString().slice(0, 19));
  await asOf.getByRole("button", { name: "Show as of" }).click();
  await expect(page).toHaveURL(/\?at=/);
  const banner = page.getByRole("note", { name: "Historical view" });
  await expect(banner).toContainText("Historical, read-only view.");
  await expect(page.getByText("the old description")).toBeVisible();
  await expect(page.getByText("the new description")).toHaveCount(0);
  const aliasesThen = page.getByRole("table", { name: /^Aliases of .* at / });
  await expect(aliasesThen.getByRole("row", { name: /production/ })).toContainText("Version 1");
  await expect(aliasesThen.getByRole("row", { name: /staging/ })).toContainText("first candidate");
  await expect(page.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Promote…" })).toHaveCount(0);
  await snap(page, testInfo, "model-as-of");
  await scanA11y(page, "model as of an instant");

  await page.getByRole("link", { name: "Back to the model as it is now" }).click();
  await expect(page.getByText("the new description")).toBeVisible();
  await page.goto(`${href}?at=not-a-date`);
  await expect(page.getByRole("alert").filter({ hasText: "at must be an ISO 8601 date and time" })).toBeVisible();
  await page.goto(`${href}?at=${new Date(Date.now() + 86_400_000).toISOString()}`);
  await expect(page.getByRole("alert").filter({ hasText: "in the future" })).toBeVisible();
  await scanA11y(page, "as-of view refusing a future date");
});

test("the Model Registry page shows aliases and filters by one", async ({ page, request, scanA11y }) => {
  const prefix = uniq("listed");
  const [withAlias, without] = seedModels([{ name: `${prefix}-a`, versions: 1 }, { name: `${prefix}-b`, versions: 1 }]);
  const alias = `champion-${prefix.slice(-6)}`;
  await (await api(request)).put(`/api/v1/models/${encodeURIComponent(withAlias.name)}/aliases/${alias}`, { version: 1 });
  await page.goto(`/?name=${prefix}`);
  const table = page.getByRole("table", { name: "Registered models" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table.getByRole("list", { name: `Aliases of ${withAlias.name}` })).toContainText(alias);
  await page.getByRole("combobox", { name: "Alias" }).selectOption(alias);
  await expect(page).toHaveURL(new RegExp(`alias=${alias}`));
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table).toContainText(withAlias.name);
  await expect(table).not.toContainText(without.name);
  await scanA11y(page, "model list filtered by alias");
});
