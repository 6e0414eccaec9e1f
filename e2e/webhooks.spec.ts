import { spawnSync } from "node:child_process";
import { startReceiver } from "../tests/support/webhook-receiver";
import { expect, snap, test } from "./support";

/** A subscription the delivery worker disabled after 3 days of failures (e2e/fixtures/webhook-failing.ts). */
function failingSubscription(url: string): string {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const res = spawnSync("npx", ["tsx", "--conditions=react-server", "e2e/fixtures/webhook-failing.ts", url], {
    encoding: "utf8",
    env: { ...process.env, MREG_DATA_DIR: process.env.E2E_DATA_DIR, MREG_PG_PORT: String(port + 20000), MREG_WEBHOOK_KEY: "2".repeat(64), MREG_WEBHOOK_ALLOW_PRIVATE: "1" },
  });
  if (res.status !== 0) throw new Error(`webhook fixture failed: ${res.stderr}`);
  return res.stdout.trim();
}

test("an administrator subscribes a URL, sees the secret once, sends a test, finds it in the log and redelivers it", async ({ page, scanA11y }, testInfo) => {
  const rx = await startReceiver();
  try {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await scanA11y(page, "webhooks page");

    const create = page.getByRole("region", { name: "New subscription" });
    await create.getByLabel("Target URL").fill(rx.url);
    await create.getByLabel("Description").fill("deploy on production moves");
    await create.getByLabel("Model name filter (optional)").fill("fraud-*");
    await create.getByRole("checkbox", { name: "model.created" }).check();
    await create.getByRole("button", { name: "Create subscription" }).click();
    await expect(create.getByRole("status")).toContainText("Copy the signing secret now: it is not shown again.");
    const secret = (await create.getByTestId("new-token").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);
    rx.secrets.push(secret);
    await expect(create.getByRole("button", { name: "Copy secret" })).toBeVisible();
    await scanA11y(page, "secret shown once after creating a subscription");

    const sub = page.getByRole("listitem", { name: `Webhook ${rx.url}` });
    await expect(sub).toContainText("enabled");
    await expect(sub).toContainText("models fraud-*");

    // The secret is gone after a reload; a test ping is queued and delivered, signed.
    await page.reload();
    await expect(page.getByText(secret)).toHaveCount(0);
    await sub.getByRole("button", { name: `Send test to ${rx.url}` }).click();
    await expect(sub.getByRole("status")).toContainText("Ping queued");
    await expect.poll(() => rx.received.length, { timeout: 15_000 }).toBe(1);
    expect(rx.received[0].json.type).toBe("ping");
    expect(rx.received[0].verified).toEqual([true]);

    // The log, filtered to this subscription's succeeded pings.
    const log = page.getByRole("region", { name: "Delivery log" });
    await log.getByLabel("Subscription").selectOption({ label: rx.url });
    await log.getByLabel("Event").selectOption("ping");
    await log.getByLabel("Status").selectOption("succeeded");
    await log.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/status=succeeded/);
    const row = log.getByRole("row").filter({ has: page.getByText(rx.received[0].id, { exact: true }) });
    await expect(row).toContainText("succeeded");
    await expect(row).toContainText("200");
    await scanA11y(page, "delivery log filtered to one subscription");
    await snap(page, testInfo, "webhooks-log");

    // Redeliver from the log of every status (a queued redelivery is pending, not succeeded).
    await log.getByLabel("Status").selectOption("");
    await log.getByRole("button", { name: "Filter" }).click();
    await expect(page).not.toHaveURL(/status=succeeded/);
    await row.getByRole("button", { name: `Redeliver ${rx.received[0].id}` }).click();
    await expect(row.getByRole("status")).toHaveText("Queued again.");
    await expect.poll(() => rx.received.length, { timeout: 15_000 }).toBe(2);
    expect(rx.received[1].id).toBe(rx.received[0].id);
    await page.reload();
    await expect(row.getByRole("cell").nth(3)).toHaveText("2");

    // Disable (no confirmation: it is undone by Enable); delete asks first.
    await sub.getByRole("button", { name: `Disable ${rx.url}` }).click();
    await expect(sub).toContainText("disabled");
    await scanA11y(page, "a disabled subscription");
    await sub.getByRole("button", { name: `Delete ${rx.url}` }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText("Its pending deliveries are never sent");
    await scanA11y(page, "delete confirmation");
    await dialog.getByRole("button", { name: "Delete subscription" }).click();
    await expect(page.getByRole("listitem", { name: `Webhook ${rx.url}` })).toHaveCount(0);
  } finally {
    await rx.close();
  }
});

test("a subscription whose receiver stayed down for 3 days is shown disabled, with why, and can be enabled again", async ({ page, scanA11y }) => {
  const gone = await startReceiver();
  const url = gone.url.replace("/hook", "/gone");
  await gone.close(); // nothing listens there any more
  failingSubscription(url);
  await page.goto("/admin/webhooks");
  const sub = page.getByRole("listitem", { name: `Webhook ${url}` });
  await expect(sub).toContainText("disabled");
  await expect(sub.getByRole("alert")).toContainText("every delivery failed for 3 days");
  await scanA11y(page, "a subscription disabled after 3 days of failures");
  const log = page.getByRole("region", { name: "Delivery log" });
  await log.getByLabel("Subscription").selectOption({ label: url });
  await log.getByLabel("Status").selectOption("failed");
  await log.getByRole("button", { name: "Filter" }).click();
  await expect(log.getByRole("row").filter({ hasText: "ping" }).first()).toContainText("failed");
  await scanA11y(page, "delivery log of failed deliveries");
  await sub.getByRole("button", { name: `Enable ${url}` }).click();
  await expect(sub.getByRole("alert")).toHaveCount(0);
  await expect(sub).toContainText("enabled");
  await sub.getByRole("button", { name: `Delete ${url}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete subscription" }).click();
  await expect(sub).toHaveCount(0);
});
