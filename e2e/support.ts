import { spawnSync } from "node:child_process";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page, type TestInfo } from "@playwright/test";

export { expect };

/** WCAG 2.1 AA: the standard every page and state a journey visits is held to. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe (WCAG 2.1 AA rules) on the page as it is now, open dialogs and menus
 * included, and fails with one readable line per violation: rule, impact, the
 * elements' selectors, what to fix and where to read more. No rule is disabled and
 * no element excluded: a violation is fixed where it comes from.
 */
export async function expectAccessible(page: Page, state: string, testInfo?: TestInfo) {
  // A client-side navigation (router.push) puts the new page's <title> back a moment after
  // its content has rendered; a scan in that moment reported "document-title" (once in a
  // CI run). Wait up to 5 s for a title: a page that never gets one still fails below.
  await page.waitForFunction(() => document.title.trim() !== "", undefined, { timeout: 5_000 }).catch(() => {});
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (violations.length === 0) return;
  const report = violations.map((v) => [
    `- ${v.id} (${v.impact ?? "no impact given"}): ${v.help}`,
    ...v.nodes.slice(0, 8).map((n) => `    ${n.target.join(" ")}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n\s*/g, " ")}` : ""}`),
    ...(v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more elements`] : []),
    `    ${v.helpUrl}`,
  ].join("\n")).join("\n");
  await testInfo?.attach(`axe violations: ${state}`, { body: JSON.stringify(violations, null, 2), contentType: "application/json" });
  expect(violations.length, `axe found ${violations.length} WCAG 2.1 AA violation(s) on ${state} (${page.url()}):\n${report}\n`).toBe(0);
}

/**
 * Journeys import `test` from here: `scanA11y(page, "what is on screen")` runs
 * expectAccessible, and a journey that passes without a single scan fails, so no
 * new journey can forget the accessibility standard.
 */
export const test = base.extend<{ scanA11y: (page: Page, state: string) => Promise<void> }>({
  scanA11y: [async ({}, use, testInfo) => {
    let scans = 0;
    await use(async (page, state) => {
      scans++;
      await test.step(`axe: ${state}`, () => expectAccessible(page, state, testInfo), { box: true });
    });
    if (testInfo.status === "passed" && scans === 0) {
      throw new Error("This journey never ran scanA11y: scan every page and state it visits (WCAG 2.1 AA).");
    }
  }, { auto: true }],
});

/** Saves a full-page screenshot as a test artifact (test-results/screenshots) for reviewers. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const file = path.join("test-results", "screenshots", `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

/** A unique suffix so journeys never depend on each other's data. */
export const uniq = (prefix: string) => `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export type SeededModel = { id: number; name: string; versions: { version: number; uuid: string }[] };

/** Creates models (optionally with versions, archived) through the domain; see e2e/fixtures/seed.ts. */
export function seedModels(
  specs: Array<{ name: string; description?: string; labels?: string[]; archived?: boolean; versions?: number; notes?: string; checkpoint?: string }>,
  users: Array<{ username: string; password: string; roles: Record<string, "VIEWER" | "EDITOR" | "ADMIN"> }> = [],
): SeededModel[] {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const res = spawnSync("npx", ["tsx", "--conditions=react-server", "e2e/fixtures/seed.ts", JSON.stringify(specs), JSON.stringify(users)], {
    encoding: "utf8",
    env: { ...process.env, MREG_DATA_DIR: process.env.E2E_DATA_DIR, MREG_PG_PORT: String(port + 20000) },
  });
  if (res.status !== 0) throw new Error(`seed fixture failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as SeededModel[];
}

/** The admin's signed-in browser state, written by sign-in.setup.ts before the journeys run. */
export const ADMIN_STATE = path.join("test-results", "e2e-auth", "admin.json");

/** The focused element, and whether it shows a focus ring (an outline of 2px or more, or a box shadow). */
export async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      name: (el.getAttribute("aria-label") ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? "")
        .trim().replace(/\s+/g, " ").slice(0, 60),
      ring: (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none",
      onScreen: box.width > 0 && box.height > 0,
    };
  });
}
