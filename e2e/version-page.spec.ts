import { expect, seedModels, snap, test, uniq } from "./support";

test("version page: checkpoint details, edit name/comment/labels, snippets, deregister with confirmation", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("version"), versions: 2 }]);
  const v2 = model.versions[1];
  await page.goto(`/models/${encodeURIComponent(model.name)}`);
  await page.getByRole("link", { name: "Version 2", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model.name}/versions/2$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${model.name} · Version 2`);

  const checkpoint = page.getByRole("region", { name: "Checkpoint" });
  await expect(checkpoint).toContainText(v2.uuid);
  await expect(checkpoint.getByRole("link", { name: `${model.name}-exp` })).toHaveAttribute("href", /\/experiments\/\d+$/);
  await expect(checkpoint.getByRole("link", { name: /Download/ })).toHaveAttribute("href", `/checkpoints/${v2.uuid}`);
  await expect(checkpoint.getByRole("cell", { name: "model.pt" })).toBeVisible();
  await expect(checkpoint).toContainText("Total (1 file)");
  await scanA11y(page, "version page");

  await page.getByRole("button", { name: "Edit version name" }).click();
  await scanA11y(page, "version page, editing its name");
  await page.getByRole("textbox", { name: "Version name" }).fill("release candidate");
  await page.getByRole("button", { name: "Save version name" }).click();
  await expect(page.getByText("release candidate")).toBeVisible();
  await page.getByRole("button", { name: "Edit comment" }).click();
  await page.getByRole("textbox", { name: "Comment" }).fill("beats v1 on every metric");
  await page.getByRole("button", { name: "Save comment" }).click();
  await expect(page.getByText("beats v1 on every metric")).toBeVisible();
  await page.getByRole("textbox", { name: "Add to labels of version 2" }).fill("candidate");
  await page.getByRole("textbox", { name: "Add to labels of version 2" }).press("Enter");
  await expect(page.getByRole("button", { name: "Remove label candidate" })).toBeVisible();
  await expect(page.getByText("Labels saved")).toBeVisible();

  const snippets = page.getByRole("region", { name: "Use this version" });
  await expect(snippets).toContainText(`get_model("${model.name}").get_version(2)`);
  await expect(snippets).toContainText(`npx mreg model describe ${model.name} --version 2`);
  await snap(page, testInfo, "version-page");
  await scanA11y(page, "version page after edits");

  await page.reload();
  await expect(page.getByText("release candidate")).toBeVisible();
  await expect(page.getByText("beats v1 on every metric")).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove label candidate" })).toBeVisible();

  await page.getByRole("button", { name: "Deregister" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Deregister version 2 of "${model.name}"?` });
  await expect(confirm).toContainText("The checkpoint and its files stay.");
  await scanA11y(page, "deregister confirmation");
  await confirm.getByRole("button", { name: "Deregister version" }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${model.id}$`));
  const versionLinks = page.getByRole("table", { name: /Versions of/ }).getByRole("link", { name: /^Version \d+$/ });
  await expect(versionLinks).toHaveText(["Version 1"]);
  await scanA11y(page, "model page after deregistering");
  expect((await page.goto(`/models/${model.id}/versions/2`))?.status()).toBe(404);
});
