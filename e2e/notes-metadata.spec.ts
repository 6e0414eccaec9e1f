import { expect, seedModels, snap, test, uniq } from "./support";

test("notes: edit, preview, save; tables and task lists render, scripts and javascript: links stay inert", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("notes") }]);
  let dialogs = 0;
  page.on("dialog", (d) => { dialogs++; void d.dismiss(); });
  await page.goto(`/models/${model.id}`);
  const notes = page.getByRole("region", { name: "Notes" });
  await expect(notes).toContainText("No notes yet.");

  await notes.getByRole("button", { name: "Edit notes" }).click();
  const md = [
    "## Release checklist",
    "",
    "| metric | value |",
    "|---|---|",
    "| accuracy | 0.97 |",
    "",
    "- [x] evaluated",
    "- [ ] approved",
    "",
    "<script>alert('xss')</script>",
    "",
    "[click me](javascript:alert('xss')) and <img src=x onerror=alert(1)>",
    "",
    "```python",
    "print('hello')",
    "```",
  ].join("\n");
  await notes.getByRole("textbox", { name: "Notes (Markdown)" }).fill(md);
  await notes.getByRole("tab", { name: "Preview" }).click();
  await expect(notes.getByRole("tab", { name: "Preview" })).toHaveAttribute("aria-selected", "true");
  await expect(notes.getByRole("heading", { name: "Release checklist" })).toBeVisible();
  await expect(notes.getByRole("cell", { name: "0.97" })).toBeVisible();
  await expect(notes.getByRole("checkbox", { name: "evaluated" })).toBeChecked();
  await expect(notes.getByRole("checkbox", { name: "approved" })).not.toBeChecked();
  await scanA11y(page, "notes preview with a table and task list");
  await notes.getByRole("tab", { name: "Edit" }).click();
  await expect(notes.getByRole("textbox", { name: "Notes (Markdown)" })).toHaveValue(md);

  // Cancel discards.
  await notes.getByRole("button", { name: "Cancel" }).click();
  await expect(notes).toContainText("No notes yet.");
  await notes.getByRole("button", { name: "Edit notes" }).click();
  await notes.getByRole("textbox", { name: "Notes (Markdown)" }).fill(md);
  await notes.getByRole("button", { name: "Save notes" }).click();
  await expect(notes.getByRole("button", { name: "Edit notes" })).toBeVisible();

  await page.reload();
  await expect(notes.getByRole("heading", { name: "Release checklist" })).toBeVisible();
  await expect(notes.getByRole("table")).toContainText("accuracy");
  await expect(notes.getByRole("checkbox")).toHaveCount(2);
  await expect(notes.getByRole("checkbox", { name: "evaluated" })).toBeChecked();
  await expect(notes.locator("pre code")).toHaveText("print('hello')");
  // Raw HTML is shown as text, never run or rendered.
  await expect(notes).toContainText("<script>alert('xss')</script>");
  await expect(notes.locator("script, img")).toHaveCount(0);
  const link = notes.getByRole("link", { name: "click me" });
  await expect(link).toBeVisible();
  expect(await link.getAttribute("href") ?? "").not.toMatch(/javascript/i);
  await link.click();
  expect(dialogs).toBe(0);
  await snap(page, testInfo, "model-notes");
  await scanA11y(page, "model page with rendered notes");
});

test("metadata editor: add, edit, remove keys; invalid JSON is refused beside the field", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("meta") }]);
  await page.goto(`/models/${model.id}`);
  const meta = page.getByRole("region", { name: "Metadata" });
  await meta.getByRole("button", { name: "Edit metadata" }).click();
  await meta.getByRole("button", { name: "Add entry" }).click();
  await meta.getByRole("textbox", { name: "Key 1" }).fill("threshold");
  await meta.getByRole("textbox", { name: "Value 1 (JSON)" }).fill("0.5");
  await meta.getByRole("button", { name: "Add entry" }).click();
  await meta.getByRole("textbox", { name: "Key 2" }).fill("owner");
  await meta.getByRole("textbox", { name: "Value 2 (JSON)" }).fill("{team: vision}");
  await meta.getByRole("button", { name: "Save metadata" }).click();
  const value2 = meta.getByRole("textbox", { name: "Value 2 (JSON)" });
  await expect(value2).toHaveAttribute("aria-invalid", "true");
  await expect(value2).toHaveAccessibleDescription(/Not valid JSON/);
  await snap(page, testInfo, "metadata-invalid-json");
  await scanA11y(page, "metadata editor with invalid JSON");

  await value2.fill('{"team": "vision", "oncall": ["ana", "bo"]}');
  await meta.getByRole("button", { name: "Save metadata" }).click();
  await expect(meta.getByRole("button", { name: "Edit metadata" })).toBeVisible();
  await expect(meta).toContainText("threshold");
  await expect(meta).toContainText('"oncall"');

  await page.reload();
  await meta.getByRole("button", { name: "Edit metadata" }).click();
  await expect(meta.getByRole("textbox", { name: /^Key \d$/ })).toHaveCount(2);
  const keys = await meta.getByRole("textbox", { name: /^Key \d$/ }).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  await meta.getByRole("textbox", { name: `Value ${keys.indexOf("threshold") + 1} (JSON)` }).fill("0.75");
  await meta.getByRole("button", { name: "Remove entry owner" }).click();
  await meta.getByRole("button", { name: "Save metadata" }).click();
  await expect(meta.getByRole("button", { name: "Edit metadata" })).toBeVisible();
  await page.reload();
  await expect(meta).toContainText("0.75");
  await expect(meta).not.toContainText("owner");

  // History names the keys as code, not as Markdown backticks.
  const history = page.getByRole("region", { name: "History" });
  const added = history.getByRole("listitem").filter({ hasText: /added metadata key/ });
  await expect(added.locator("code")).toHaveText(["owner", "threshold"]);
  await expect(history).not.toContainText("`");
  await expect(history.getByRole("listitem").filter({ hasText: /removed metadata key/ }).locator("code").filter({ hasText: /^owner$/ })).toHaveCount(1);
  await history.getByRole("button", { name: "Show old and new values" }).first().click();
  await scanA11y(page, "model history with old and new values open");
});
