// Storage usage in the browser (docs/decisions/095-storage-usage.md): a model page's
// "Storage" figure counts each checkpoint once; the admin Storage page shows the totals.
import { expect, seedModels, test, uniq } from "./support";

test("a model page shows its storage, each checkpoint once; the admin Storage page shows the registry's usage", async ({ page, scanA11y }) => {
  const [a] = seedModels([{ name: uniq("usage"), versions: 2 }]);
  const [b] = seedModels([{ name: uniq("usage-shared"), versions: 3, checkpoint: a.versions[0].uuid }]);

  await page.goto(`/models/${encodeURIComponent(a.name)}`);
  await expect(page.getByRole("term").filter({ hasText: /^Storage$/ })).toBeVisible();
  await expect(page.getByText("18 B", { exact: true })).toHaveAttribute("title", "18 bytes in 2 checkpoints, each counted once"); // "weights 1", "weights 2"
  await scanA11y(page, "model page with its storage figure");

  await page.goto(`/models/${encodeURIComponent(b.name)}`);
  await expect(page.getByText("9 B", { exact: true })).toHaveAttribute("title", "9 bytes in 1 checkpoint, each counted once");

  await page.goto("/admin/storage");
  const usage = page.getByRole("region", { name: "Usage" });
  await expect(usage.getByTestId("usage-stored")).toContainText("All stored checkpoints");
  await expect(usage.getByTestId("usage-referenced")).toContainText("Referenced by model versions");
  await expect(usage.getByTestId("usage-unreferenced")).toContainText("Not referenced by any version");
  await expect(usage).toContainText("New checkpoints are stored in");
  await scanA11y(page, "admin storage page with usage");
});
