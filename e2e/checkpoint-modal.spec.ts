import crypto from "node:crypto";
import type { Page } from "@playwright/test";
import { reportCheckpoint } from "./fixtures/checkpoints";
import { expect, seedModels, snap, test, uniq } from "./support";

async function openExperiment(page: Page, name: string) {
  await page.goto("/experiments");
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
}

const checkpointRows = (page: Page) =>
  page.getByRole("table", { name: /Checkpoints of this experiment/ }).getByRole("row").filter({ has: page.getByRole("cell") });

const uuidFromUrl = (page: Page) => new URL(page.url()).searchParams.get("checkpoint") ?? "";

test("clicking a checkpoint row opens its details in a modal that a shared link reopens", async ({ page, context, scanA11y }, testInfo) => {
  await openExperiment(page, "mnist-pytorch-cnn");
  await checkpointRows(page).first().getByRole("cell").nth(2).click(); // the batch cell, not a link

  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading", { name: /^Checkpoint [0-9a-f]{8}$/ })).toBeVisible();
  await expect(page).toHaveURL(/\?checkpoint=[0-9a-f-]{36}/);
  const uuid = uuidFromUrl(page);
  await expect(dialog.getByText(uuid, { exact: true })).toBeVisible();
  await expect(dialog.getByText("mnist-pytorch-cnn · trial")).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Copy checkpoint UUID" })).toBeVisible();
  await expect(dialog.getByRole("table", { name: "Hyperparameters" }).getByRole("row", { name: /lr/ })).toContainText("0.01");
  await expect(dialog.getByRole("table", { name: "Validation metrics" })).toContainText("validation_loss (searcher)");
  const files = dialog.getByRole("table", { name: "Files" });
  for (const f of ["state_dict.pth", "config.yaml", "metadata.json"]) await expect(files.getByRole("cell", { name: f })).toBeVisible();
  await expect(files.getByRole("row", { name: /Total \(3 files\)/ })).toContainText("KB");
  await expect(dialog.getByRole("link", { name: /Download/ })).toHaveAttribute("href", `/checkpoints/${uuid}`);
  await expect(dialog.getByRole("link", { name: "mnist-digits v1" })).toBeVisible();
  await snap(page, testInfo, "checkpoint-modal");
  await scanA11y(page, "checkpoint modal");

  // Focus stays inside the modal while tabbing; Escape closes it and the URL with it.
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/checkpoint=/);

  // Keyboard users open it with the row's link.
  await checkpointRows(page).nth(1).getByRole("link", { name: /^Checkpoint [0-9a-f]{8}/ }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  expect(uuidFromUrl(page)).not.toBe(uuid);

  // A shared link opens the same modal in a fresh tab.
  const shared = await context.newPage();
  await shared.goto(page.url());
  const sharedDialog = shared.getByRole("dialog");
  await expect(sharedDialog.getByText(uuidFromUrl(page), { exact: true })).toBeVisible();
  await sharedDialog.getByRole("button", { name: "Close" }).click();
  await expect(sharedDialog).toBeHidden();
  await expect(shared.getByRole("heading", { name: "mnist-pytorch-cnn", level: 1 })).toBeVisible();
  await expect(shared).not.toHaveURL(/checkpoint=/);
});

test("a link to a missing checkpoint says so inside the modal", async ({ page, scanA11y }) => {
  await openExperiment(page, "mnist-pytorch-cnn");
  await page.goto(`${page.url()}?checkpoint=00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("dialog").getByRole("alert")).toContainText("was not found");
  await expect(page.getByRole("button", { name: "Register checkpoint" })).toHaveCount(0);
  await scanA11y(page, "checkpoint modal for a missing checkpoint");
});

test("register a checkpoint to an existing model, choosing it with the keyboard", async ({ page, scanA11y }, testInfo) => {
  const [fresh, archived] = seedModels([{ name: uniq("e2e-fresh") }, { name: uniq("e2e-archived"), archived: true }]);
  await openExperiment(page, "iris-tf-keras");
  await checkpointRows(page).first().getByRole("link", { name: /^Checkpoint/ }).click();
  const uuid = uuidFromUrl(page);
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Register checkpoint" }).click();
  await expect(dialog.getByRole("heading", { name: "Register checkpoint" })).toBeVisible();

  const picker = dialog.getByRole("combobox", { name: "Model" });
  await expect(picker).toBeFocused();
  await scanA11y(page, "register form");
  await page.keyboard.press("ArrowDown"); // opens the list: unarchived models, most recently updated first
  const options = dialog.getByRole("listbox", { name: "Models" }).getByRole("option");
  await expect(options.filter({ hasText: "iris-classifier" })).toBeVisible();
  await expect(options.filter({ hasText: "mnist-digits" })).toBeVisible();
  await expect(options.first()).toContainText(fresh.name); // most recently updated first
  await expect(options.filter({ hasText: archived.name })).toHaveCount(0);
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("ArrowUp");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");

  // Search narrows the list (archived models never match); Escape closes only the list.
  await page.keyboard.type(archived.name);
  await expect(dialog.getByRole("listbox", { name: "Models" })).toContainText(`No unarchived model matches “${archived.name}”.`);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("iris-cl");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText("iris-classifier");
  await snap(page, testInfo, "register-model-picker");
  await scanA11y(page, "model picker open with a search");
  await page.keyboard.press("Escape");
  await expect(dialog.getByRole("listbox", { name: "Models" })).toBeHidden();
  await expect(dialog).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(picker).toHaveValue("iris-classifier");

  const hint = await dialog.getByText(/^Becomes version \d+ of iris-classifier\.$/).innerText();
  const next = Number(/version (\d+)/.exec(hint)![1]);
  expect(next).toBeGreaterThanOrEqual(4); // the demo registered three
  const name = dialog.getByRole("textbox", { name: "Version name" });
  await expect(name).toHaveAttribute("placeholder", `Version ${next}`);
  await name.fill("keyboard pick");
  await dialog.getByRole("textbox", { name: "Comment" }).fill("Registered from the checkpoint modal");
  await dialog.getByRole("textbox", { name: "Labels" }).fill("candidate");
  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("list", { name: "Labels" })).toContainText("candidate");
  await dialog.getByRole("button", { name: "Register version" }).click();

  await expect(dialog.getByRole("status").filter({ hasText: "Registered as" })).toHaveText(`Registered as version ${next} of iris-classifier.`);
  await snap(page, testInfo, "register-done");
  await scanA11y(page, "registered confirmation");
  await dialog.getByRole("link", { name: `Open version ${next} of iris-classifier` }).click();
  await expect(page).toHaveURL(`/models/iris-classifier/versions/${next}`);
  await expect(page.getByText("keyboard pick").first()).toBeVisible();

  // Back returns to the open modal; it and the table behind it now show where the checkpoint went.
  await page.goBack();
  await expect(dialog.getByRole("link", { name: `iris-classifier v${next}` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(checkpointRows(page).filter({ has: page.getByRole("link", { name: new RegExp(`^Checkpoint ${uuid.slice(0, 8)}`) }) })
    .getByRole("link", { name: `iris-classifier v${next}` })).toBeVisible();
});

test("register a checkpoint to a new model created inline", async ({ page, scanA11y }, testInfo) => {
  const modelName = `e2e-inline-${crypto.randomBytes(4).toString("hex")}`;
  await openExperiment(page, "mnist-pytorch-cnn");
  await checkpointRows(page).nth(2).getByRole("link", { name: /^Checkpoint/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Register checkpoint" }).click();
  await dialog.getByRole("textbox", { name: "Version name" }).fill("first of its kind");
  await dialog.getByRole("button", { name: "New model" }).click();

  await expect(dialog.getByRole("heading", { name: "New model" })).toBeVisible();
  await dialog.getByRole("textbox", { name: "Name" }).fill("has/slash");
  await expect(dialog.getByRole("alert").filter({ hasText: "cannot contain '/'" })).toBeVisible();
  await dialog.getByRole("textbox", { name: "Name" }).fill(modelName);
  await dialog.getByRole("textbox", { name: "Description" }).fill("Created from the checkpoint modal");
  await snap(page, testInfo, "register-new-model");
  await scanA11y(page, "new model form inside the checkpoint modal");
  await dialog.getByRole("button", { name: "Create and select" }).click();

  // Back on the register form, with the new model chosen and the typed name kept.
  await expect(dialog.getByRole("heading", { name: "Register checkpoint" })).toBeVisible();
  await expect(dialog.getByRole("combobox", { name: "Model" })).toHaveValue(modelName);
  await expect(dialog.getByText(`Becomes version 1 of ${modelName}.`)).toBeVisible();
  await expect(dialog.getByRole("textbox", { name: "Version name" })).toHaveValue("first of its kind");
  await dialog.getByRole("button", { name: "Register version" }).click();

  await expect(dialog.getByRole("status").filter({ hasText: "Registered as" })).toHaveText(`Registered as version 1 of ${modelName}.`);
  await dialog.getByRole("link", { name: `Open version 1 of ${modelName}` }).click();
  await expect(page).toHaveURL(`/models/${modelName}/versions/1`);
  await expect(page.getByText("first of its kind").first()).toBeVisible();
});

test("Register is disabled, with the reason, for a checkpoint that is not completed", async ({ page, scanA11y }, testInfo) => {
  const cp = reportCheckpoint({
    experiment: { name: `e2e-running-${crypto.randomBytes(4).toString("hex")}`, searcherMetric: "loss" },
    trial: { hparams: { lr: 0.1 } },
    batchNumber: 50,
    validationMetrics: { loss: 0.42 },
  });
  expect(cp.state).toBe("ACTIVE");
  await page.goto(`/experiments/${cp.experimentId}?checkpoint=${cp.uuid}`);
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByText(cp.uuid, { exact: true })).toBeVisible();
  await expect(dialog.getByText("Active", { exact: true })).toBeVisible();
  await expect(dialog.getByText("No files stored yet: the checkpoint is not completed.")).toBeVisible();
  const register = dialog.getByRole("button", { name: "Register checkpoint" });
  await expect(register).toBeDisabled();
  await expect(register).toHaveAccessibleDescription("Only completed checkpoints can be registered; this one is active.");
  await snap(page, testInfo, "checkpoint-modal-not-completed");
  await scanA11y(page, "checkpoint modal, not completed");
});

test("a checkpoint registered 12 times lists the first few and links to all of them", async ({ page, scanA11y }, testInfo) => {
  const [first] = seedModels([{ name: uniq("many-a"), versions: 1 }]);
  const uuid = first.versions[0].uuid;
  const [b, c] = seedModels([{ name: uniq("many-b"), versions: 5, checkpoint: uuid }, { name: uniq("many-c"), versions: 6, checkpoint: uuid }]);
  // Listed by model, then version: a v1, b v1-5, c v1-6.
  const all = [`${first.name} v1`, ...[1, 2, 3, 4, 5].map((v) => `${b.name} v${v}`), ...[1, 2, 3, 4, 5, 6].map((v) => `${c.name} v${v}`)];

  await page.goto(`/models/${first.id}/versions/1`);
  await page.getByRole("region", { name: "Checkpoint" }).getByRole("link", { name: `${first.name}-exp` }).click();
  await expect(page.getByRole("heading", { name: `${first.name}-exp`, level: 1 })).toBeVisible();
  const row = checkpointRows(page).filter({ has: page.getByRole("link", { name: new RegExp(`^Checkpoint ${uuid.slice(0, 8)}`) }) });
  const cell = row.getByRole("list", { name: "Registered as" });
  await expect(cell.getByRole("link")).toHaveText([...all.slice(0, 3), "9 more registrations, show all 12"]);
  await scanA11y(page, "experiment table with a many-times registered checkpoint");

  await row.getByRole("link", { name: /^Checkpoint/ }).click();
  const dialog = page.getByRole("dialog");
  const registered = dialog.getByRole("list", { name: "Registered as" });
  await expect(registered.getByRole("link")).toHaveText([...all.slice(0, 5), "7 more registrations, show all 12"]);
  const more = registered.getByRole("link", { name: "7 more registrations, show all 12" });
  await scanA11y(page, "checkpoint modal with 5 of 12 registrations");

  // "7 more" opens a shareable view of all twelve; the keyboard lands on the sixth, where the list went on.
  await more.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`checkpoint=${uuid}&registrations=all$`));
  await expect(dialog.getByText("All 12 registrations:")).toBeVisible();
  await expect(registered.getByRole("link")).toHaveText(all);
  await expect(registered.getByRole("link", { name: all[5] })).toBeFocused();
  await snap(page, testInfo, "checkpoint-all-registrations");
  await scanA11y(page, "checkpoint modal listing all 12 registrations");
  await page.reload();
  await expect(dialog.getByRole("list", { name: "Registered as" }).getByRole("link")).toHaveText(all);

  // Closing forgets both; the table cell's "9 more" opens the same full list.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page).not.toHaveURL(/checkpoint=|registrations=/);
  await cell.getByRole("link", { name: /^9 more/ }).click();
  await expect(dialog.getByRole("list", { name: "Registered as" }).getByRole("link")).toHaveText(all);
  await dialog.getByRole("link", { name: `${c.name} v6` }).click();
  await expect(page).toHaveURL(`/models/${c.name}/versions/6`);
});
