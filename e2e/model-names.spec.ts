import { expect, seedModels, test, uniq } from "./support";

test("names with %, #, ?, spaces and accents survive links to the model and version pages", async ({ page, scanA11y }) => {
  const name = `${uniq("odd")} 100% #1? a&b=é`;
  const [model] = seedModels([{ name, versions: 1 }]);
  await page.goto(`/?name=${encodeURIComponent(name)}`);
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await page.getByRole("link", { name: "Version 1", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${name} · Version 1`);
  await expect(page.getByRole("region", { name: "Use this version" })).toContainText(`get_model(${JSON.stringify(name)})`);
  await scanA11y(page, "version page of an oddly named model");
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(/\/models\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  expect((await page.goto(`/models/${encodeURIComponent(`${name} (gone)`)}`))?.status()).toBe(404);
  await scanA11y(page, "model not found page");
  expect((await page.goto(`/models/${model.id}/versions/1`))?.status()).toBe(200);
});
