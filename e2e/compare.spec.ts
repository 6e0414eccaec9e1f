import crypto from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, test, uniq } from "./support";

/** A model with four versions whose checkpoints, hyperparameters, metadata and notes differ, made over REST. */
async function comparedModel(request: APIRequestContext) {
  const login = await request.post("/api/v1/auth/login", { data: { username: "admin", password: "", isHashed: false } });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  const ok = async (p: Promise<{ status(): number; text(): Promise<string> }>) => {
    const r = await p;
    expect(r.status(), await r.text()).toBe(200);
  };
  const name = uniq("compare");
  await ok(request.post("/api/v1/models", { headers, data: { name } }));
  const runs = [
    { loss: 0.5, acc: 0.81, lr: 0.01, size: "1000", notes: "Baseline run.\nTrained on the March data.\n" },
    { loss: 0.42, acc: 0.84, lr: 0.02, size: "1200", notes: "Baseline run.\nTrained on the April data.\n" },
    { loss: 0.47, acc: 0.8, lr: 0.02, size: "1000", notes: "Baseline run.\nTrained on the March data.\n" },
    { loss: 0.39, acc: 0.86, lr: 0.03, size: "1300", notes: "Tuned.\n" },
  ];
  for (const [i, r] of runs.entries()) {
    const uuid = crypto.randomUUID();
    await ok(request.post("/api/v1/checkpoints", { headers, data: {
      uuid, resources: { "model.pt": r.size, "config.yaml": "56" }, metadata: { steps_completed: 100 * (i + 1) }, state: "STATE_COMPLETED",
      training: {
        experimentName: uniq("exp"), hparams: { lr: r.lr, optimizer: { name: "adam", betas: [0.9, 0.999] } },
        validationMetrics: { avgMetrics: { validation_loss: r.loss, accuracy: r.acc } }, searcherMetric: r.loss,
      },
    } }));
    await ok(request.post(`/api/v1/models/${encodeURIComponent(name)}/versions`, { headers, data: {
      checkpointUuid: uuid, name: `run-${i + 1}`, notes: r.notes, metadata: { dataset: i === 1 ? "april" : "march", shared: { owner: "ana" } },
    } }));
  }
  await ok(request.put(`/api/v1/models/${encodeURIComponent(name)}/aliases/staging`, { headers, data: { version: 2 } }));
  return name;
}

test("compare versions: select in the table, read the differences, only differences, share the URL", async ({ page, request, scanA11y }) => {
  const name = await comparedModel(request);
  await page.goto(`/models/${encodeURIComponent(name)}`);
  const compare = page.getByRole("button", { name: /^Compare/ });
  await expect(page.getByText("Select 2 to 10 versions to compare (0 selected).")).toBeVisible();
  await scanA11y(page, "model page with the compare selection");

  // The keyboard ticks the boxes: version 1 first (the baseline), then 2 and 4.
  const box = (v: number) => page.getByRole("checkbox", { name: `Select version ${v} to compare` });
  await box(1).focus();
  await page.keyboard.press("Space");
  await expect(compare).toHaveAttribute("aria-disabled", "true");
  await box(2).check();
  await box(4).check();
  await expect(page.getByText("3 versions selected; the first one ticked, version 1, is the baseline.")).toBeVisible();
  await scanA11y(page, "three versions selected");
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/models/${name}/compare\\?v=1&v=2&v=4$`));
  await expect(page.getByRole("heading", { level: 1, name: `Compare versions of ${name}` })).toBeVisible();

  const metrics = page.getByRole("table", { name: "Checkpoint metrics, change against version 1" });
  const loss = metrics.getByRole("row", { name: /validation_loss/ });
  await expect(loss).toContainText("lower is better");
  await expect(loss.getByRole("cell").nth(1)).toContainText("0.42");
  await expect(loss.getByRole("cell").nth(1)).toContainText("−0.08 (−16%)");
  await expect(loss.getByRole("cell").nth(1)).toContainText("better");
  const acc = metrics.getByRole("row", { name: /accuracy/ });
  await expect(acc.getByRole("cell").nth(2)).toContainText("better");
  const hparams = page.getByRole("table", { name: "Hyperparameters, path by path" });
  await expect(hparams.getByRole("row", { name: /^lr/ })).toContainText("differs");
  await expect(hparams.getByRole("row", { name: /optimizer\.betas\[0\]/ })).not.toContainText("differs");
  await expect(page.getByRole("table", { name: "Version fields side by side" }).getByRole("row", { name: /Aliases/ })).toContainText("staging");
  await expect(page.getByRole("table", { name: "Checkpoint files side by side" }).getByRole("row", { name: /model\.pt/ })).toContainText("changed");
  await expect(page.getByRole("deletion").first()).toHaveText("March");
  await expect(page.getByRole("insertion").first()).toHaveText("April");
  await scanA11y(page, "compare page, all rows");

  // Flip a metric's direction: accuracy's better becomes worse, and the URL carries it.
  await acc.getByRole("link", { name: /Flip the direction of accuracy/ }).click();
  await expect(page).toHaveURL(/flip=accuracy/);
  await expect(page.getByRole("table", { name: "Checkpoint metrics, change against version 1" }).getByRole("row", { name: /accuracy/ }).getByRole("cell").nth(2)).toContainText("worse");

  // Only differences: identical rows go, and the switch is in the URL.
  await expect(hparams.getByRole("row", { name: /optimizer\.name/ })).toBeVisible();
  await page.getByRole("switch", { name: "Only differences" }).click();
  await expect(page).toHaveURL(/only=1/);
  await expect(hparams.getByRole("row", { name: /optimizer\.name/ })).toHaveCount(0);
  await expect(hparams.getByRole("row", { name: /^lr/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Version fields side by side" }).getByRole("row", { name: /Framework/ })).toHaveCount(0);
  await scanA11y(page, "compare page, only differences");

  // The URL is the view: reload, and open it fresh in another page.
  const url = page.url();
  await page.reload();
  await expect(page.getByRole("switch", { name: "Only differences" })).toHaveAttribute("aria-checked", "true");
  const other = await page.context().newPage();
  await other.goto(url);
  await expect(other.getByRole("table", { name: "Hyperparameters, path by path" }).getByRole("row", { name: /optimizer\.name/ })).toHaveCount(0);
  await expect(other.getByRole("table", { name: "Checkpoint metrics, change against version 1" }).getByRole("row", { name: /accuracy/ })).toContainText("lower is better (flipped)");
  await other.close();

  // A bad list says what is wrong instead of failing.
  await page.goto(`/models/${encodeURIComponent(name)}/compare?v=1&v=99`);
  await expect(page.getByText(`Model "${name}" has no version 99.`)).toBeVisible();
  await scanA11y(page, "compare page, unknown version");
});

test("metric chart: pick a metric, switch the x axis, read a point, follow it to its version", async ({ page, request, scanA11y }) => {
  const name = await comparedModel(request);
  await page.goto(`/models/${encodeURIComponent(name)}`);
  const section = page.getByRole("region", { name: "Metrics across versions" });
  await section.scrollIntoViewIfNeeded();
  const picker = section.getByRole("combobox", { name: "Metric" });
  // No searcher metric recorded: the metrics come alphabetically.
  await expect(picker).toHaveValue("accuracy");
  await expect(section.getByText("4 versions report accuracy.")).toBeVisible();
  const point2 = section.getByRole("link", { name: /^Version 2: accuracy 0\.84, aliases staging/ });
  await expect(point2).toBeAttached();
  await scanA11y(page, "model page with the metric chart");

  await section.getByRole("radio", { name: "Registration time" }).check();
  await expect(section.getByRole("group", { name: /^accuracy by registration time/ })).toBeVisible();

  // The keyboard: one Tab stop; arrows choose a point (from the last), the readout says which.
  const chart = section.getByRole("group", { name: /^accuracy by registration time/ });
  await chart.focus();
  await expect(section.getByText(/Version 4 · accuracy 0\.86/)).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await expect(section.getByText(/Version 2 · accuracy 0\.84 · aliases: staging/)).toBeVisible();
  await expect(chart).toHaveAttribute("aria-activedescendant", /.+/);
  expect(await page.evaluate(() => {
    const id = document.activeElement?.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id)?.getAttribute("aria-label") : null;
  })).toMatch(/^Version 2: accuracy 0\.84, aliases staging/);
  await scanA11y(page, "chart with a point chosen by keyboard");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/models/${name}/versions/2$`));

  // And the mouse.
  await page.goBack();
  const again = page.getByRole("region", { name: "Metrics across versions" });
  await again.scrollIntoViewIfNeeded();
  await again.getByRole("combobox", { name: "Metric" }).selectOption("validation_loss");
  await expect(again.getByText("4 versions report validation_loss.")).toBeVisible();
  await again.getByRole("link", { name: /^Version 3: validation_loss/ }).hover();
  await expect(again.getByText(/Version 3 · validation_loss 0\.47/)).toBeVisible();
  await again.getByRole("link", { name: /^Version 3: validation_loss/ }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${name}/versions/3$`));
  await scanA11y(page, "version page reached from the chart");
});

test("compare versions: a long diff comes in pages, Show more loads the rest from the keyboard", async ({ page, request, scanA11y }) => {
  // Two axe scans of tables with 500 and 1,050 rows take tens of seconds on a busy machine.
  test.setTimeout(180_000);
  const login = await request.post("/api/v1/auth/login", { data: { username: "admin", password: "", isHashed: false } });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  const name = uniq("compare-long");
  expect((await request.post("/api/v1/models", { headers, data: { name } })).status()).toBe(200);
  // 1,050 per-class scores that differ between the two versions, a shared key, and one long log line.
  for (const v of [1, 2]) {
    const uuid = crypto.randomUUID();
    const ck = await request.post("/api/v1/checkpoints", { headers, data: {
      uuid, resources: { "model.pt": "10" }, metadata: {}, state: "STATE_COMPLETED",
      training: { experimentName: uniq("exp"), hparams: {}, validationMetrics: { avgMetrics: { validation_loss: v } }, searcherMetric: v },
    } });
    expect(ck.status(), await ck.text()).toBe(200);
    const scores = Object.fromEntries(Array.from({ length: 1050 }, (_, i) => [`class_${String(i).padStart(4, "0")}`, (i * v) / 1000]));
    const r = await request.post(`/api/v1/models/${encodeURIComponent(name)}/versions`, { headers, data: {
      checkpointUuid: uuid, metadata: { scores, owner: "ana", log: `run ${v}: ${"x".repeat(6000)}` },
    } });
    expect(r.status(), await r.text()).toBe(200);
  }

  await page.goto(`/models/${encodeURIComponent(name)}/compare?v=1&v=2&only=1`);
  const table = page.getByRole("table", { name: "Version metadata, path by path" });
  const section = page.getByRole("region", { name: "Version metadata" });
  await expect(table.getByRole("row")).toHaveCount(1 + 500);
  // class_0000 is 0 in both versions: "only differences" leaves 1,049 scores and the log line.
  await expect(section.getByRole("status")).toHaveText("Showing 500 of 1,050 differences; 550 more differences.");
  // The long log line comes as a preview with its size.
  await expect(table.getByRole("row", { name: /^log/ }).getByRole("cell").nth(1)).toContainText(/\(5\.9 KB in all; shown: the first 1,000 characters\)/);
  await scanA11y(page, "compare page, first page of a long diff");

  const more = section.getByRole("button", { name: "Show 500 more differences" });
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(table.getByRole("row")).toHaveCount(1 + 1000);
  // Focus moved to the first row the page added, so reading carries on there.
  await expect(table.getByRole("rowheader").nth(500)).toBeFocused();
  await expect(section.getByRole("status")).toHaveText("Showing 1,000 of 1,050 differences; 50 more differences.");
  const paths = await table.getByRole("rowheader").locator("code").allTextContents();
  expect(new Set(paths).size).toBe(1000);

  await section.getByRole("button", { name: "Show 50 more differences" }).click();
  await expect(table.getByRole("row")).toHaveCount(1 + 1050);
  await expect(section.getByRole("button", { name: /Show .* more/ })).toHaveCount(0);
  await expect(section.getByRole("status")).toHaveText("Showing all 1,050 differences.");
  await expect(table.getByRole("row", { name: /^scores\.class_1049/ })).toContainText("changed");
  await expect(table.getByRole("row", { name: /^owner/ })).toHaveCount(0);
  await scanA11y(page, "compare page, every difference shown");

  // All rows (not only differences): the shared key is listed, and the count says rows.
  await page.getByRole("switch", { name: "Only differences" }).click();
  await expect(page).not.toHaveURL(/only=1/);
  await expect(section.getByRole("status")).toHaveText("Showing 500 of 1,052 rows; 552 more rows.");
});
