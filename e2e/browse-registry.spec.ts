import { expect, focusedElement, snap, test } from "./support";

test("landing page shows the demo models; a model page lists its versions newest first", async ({ page, scanA11y }, testInfo) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Model Registry" })).toBeVisible();
  const digits = page.getByRole("link", { name: "mnist-digits", exact: true });
  await expect(digits).toBeVisible();
  await expect(page.getByRole("link", { name: "iris-classifier", exact: true })).toBeVisible();
  await snap(page, testInfo, "model-registry");
  await scanA11y(page, "model list");

  await digits.click();
  await expect(page).toHaveURL(/\/models\/mnist-digits/);
  await expect(page.getByRole("heading", { name: "mnist-digits", level: 1 })).toBeVisible();
  const versionCells = page.getByRole("row").filter({ hasText: /Version \d+/ });
  await expect(versionCells).toHaveCount(4);
  const order = await versionCells.evaluateAll((rows) => rows.map((r) => Number(/Version (\d+)/.exec(r.textContent ?? "")?.[1])));
  expect(order).toEqual([4, 3, 2, 1]);
  await snap(page, testInfo, "model-page");
  await scanA11y(page, "model page with versions");
});

test("keyboard only: every stop on the way to a model shows where the focus is", async ({ page, scanA11y }) => {
  await page.goto("/?name=mnist-digits");
  await expect(page.getByRole("link", { name: "mnist-digits", exact: true })).toBeVisible();
  await scanA11y(page, "model list filtered by name");
  const stops: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    const focused = await focusedElement(page);
    expect(focused, `Tab ${i + 1} left the focus nowhere`).not.toBeNull();
    expect(focused!.ring, `no visible focus ring on "${focused!.name}" (after ${stops.join(" → ")})`).toBe(true);
    expect(focused!.onScreen, `"${focused!.name}" is focused but not shown`).toBe(true);
    stops.push(focused!.name);
    if (focused!.name === "mnist-digits") break;
  }
  // The header, the filters and the sortable columns come first, in reading order.
  expect(stops.slice(0, 3)).toEqual(["model-registry", "Model Registry", "Experiments"]);
  expect(stops.at(-1)).toBe("mnist-digits");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "mnist-digits", level: 1 })).toBeVisible();

  // On the model page, a keyboard user edits the description in place.
  await page.getByRole("button", { name: "Edit description" }).focus();
  expect((await focusedElement(page))!.ring).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("textbox", { name: "Description" })).toBeFocused();
  expect((await focusedElement(page))!.ring).toBe(true);
});
