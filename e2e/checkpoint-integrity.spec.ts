// Checkpoint integrity in the browser (docs/decisions/070-073): the digests on the version
// page, an administrator's storage verification with its progress, and the corrupt state
// it leaves on the checkpoint (download refused) until the file is restored.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, seedModels, snap, test, uniq } from "./support";

/** Starts a run on the admin page and waits until that run (not an earlier one) has finished. */
async function verifyStorage(page: Page) {
  const status = page.getByTestId("verify-status");
  const before = (await status.count()) ? await status.getAttribute("data-run") : null;
  await page.getByRole("button", { name: "Verify storage now" }).click();
  if (before) await expect(status).not.toHaveAttribute("data-run", before);
  await expect(status).toHaveText("Finished", { timeout: 30_000 });
}

const sha256 = (b: Buffer) => crypto.createHash("sha256").update(b).digest("hex");

test("digests on the version page; storage verify finds a flipped byte, the checkpoint shows corrupt, restored it is clean again", async ({ page, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("integrity"), versions: 1 }]);
  const { uuid } = model.versions[0];
  const file = path.join(process.env.E2E_DATA_DIR!, "checkpoints", uuid, "model.pt");
  const original = fs.readFileSync(file);
  const fileDigest = sha256(original);
  const manifest = `sha256:${sha256(Buffer.from(`${fileDigest} ${original.length} "model.pt"\n`))}`;

  await page.goto(`/models/${encodeURIComponent(model.name)}/versions/1`);
  const checkpoint = page.getByRole("region", { name: "Checkpoint" });
  await expect(checkpoint.getByRole("cell", { name: fileDigest })).toBeVisible();
  await expect(checkpoint.getByTestId("checkpoint-integrity")).toContainText(manifest);
  await expect(checkpoint.getByTestId("checkpoint-integrity")).toContainText("files matched their digests");
  await expect(checkpoint.getByRole("button", { name: "Copy manifest digest" })).toBeVisible();
  await scanA11y(page, "version page with digests");

  // One byte of the stored file flipped behind the registry's back.
  const flipped = Buffer.from(original);
  flipped[0] ^= 0x20;
  fs.writeFileSync(file, flipped);

  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Storage" }).click();
  await expect(page.getByRole("heading", { name: "Storage", level: 1 })).toBeVisible();
  await scanA11y(page, "admin storage page");
  await verifyStorage(page);
  await expect(page.getByRole("progressbar", { name: "Storage verification progress" })).toHaveAttribute("aria-valuenow", "100");
  const problems = page.getByRole("table", { name: "Corrupt or missing files" });
  await expect(problems.getByRole("row").filter({ has: page.getByRole("link", { name: `Checkpoint ${uuid}` }) })).toContainText("model.pt");
  await expect(page.getByTestId("verify-corrupt")).not.toHaveText("0 checkpoints");
  await snap(page, testInfo, "storage-verified-corrupt");
  await scanA11y(page, "admin storage page after a run that found corruption");

  // The problem row leads to the checkpoint, which says it is corrupt and offers no download.
  await problems.getByRole("link", { name: `Checkpoint ${uuid}` }).click();
  const modal = page.getByRole("dialog");
  await expect(modal.getByTestId("checkpoint-corrupt")).toContainText("model.pt: changed since upload");
  await scanA11y(page, "checkpoint modal of a corrupt checkpoint");
  await page.goto(`/models/${encodeURIComponent(model.name)}/versions/1`);
  await expect(checkpoint.getByRole("alert")).toContainText("Corrupt: the stored files are not the ones uploaded. Downloads are refused.");
  await expect(checkpoint.getByRole("link", { name: /Download/ })).toHaveCount(0);
  await snap(page, testInfo, "version-page-corrupt");
  await scanA11y(page, "version page of a corrupt checkpoint");
  const refused = await page.request.get(`/checkpoints/${uuid}`);
  expect(refused.status()).toBe(409);
  expect((await refused.json()).error.error).toMatch(/is marked corrupt/);

  // Restored and verified again: clean, and served with its digest.
  fs.writeFileSync(file, original);
  await page.goto("/admin/storage");
  await verifyStorage(page);
  await page.goto(`/models/${encodeURIComponent(model.name)}/versions/1`);
  await expect(checkpoint.getByTestId("checkpoint-integrity")).toContainText(manifest);
  await expect(checkpoint.getByRole("alert")).toHaveCount(0);
  const served = await page.request.get(`/checkpoints/${uuid}`);
  expect(served.status()).toBe(200);
  expect(served.headers()["x-checkpoint-manifest-digest"]).toBe(manifest);
});
