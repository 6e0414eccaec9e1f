import { expect, seedModels, snap, test, uniq } from "./support";

test("two people edit the same notes: the second sees the first's version and overwrites only on purpose", async ({ browser, scanA11y }, testInfo) => {
  const [model] = seedModels([{ name: uniq("conflict"), notes: "original notes" }]);
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await alice.goto(`/models/${model.id}`);
  await bob.goto(`/models/${model.id}`);

  // Both open the editor on the same revision.
  for (const p of [alice, bob]) await p.getByRole("region", { name: "Notes" }).getByRole("button", { name: "Edit notes" }).click();
  const aliceNotes = alice.getByRole("region", { name: "Notes" });
  const bobNotes = bob.getByRole("region", { name: "Notes" });
  await aliceNotes.getByRole("textbox", { name: "Notes (Markdown)" }).fill("Alice's careful notes");
  await aliceNotes.getByRole("button", { name: "Save notes" }).click();
  await expect(aliceNotes.getByText("Alice's careful notes")).toBeVisible();

  await bobNotes.getByRole("textbox", { name: "Notes (Markdown)" }).fill("Bob's hasty notes");
  await bobNotes.getByRole("button", { name: "Save notes" }).click();
  const conflict = bob.getByRole("alert", { name: "Conflict: notes" });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole("region", { name: "Their version" })).toContainText("Alice's careful notes");
  await expect(conflict.getByRole("region", { name: "Your version" })).toContainText("Bob's hasty notes");
  await snap(bob, testInfo, "notes-conflict");
  await scanA11y(bob, "notes conflict notice");

  // Nothing was overwritten yet.
  await alice.reload();
  await expect(aliceNotes).toContainText("Alice's careful notes");

  await conflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(bobNotes.getByRole("button", { name: "Edit notes" })).toBeVisible();
  await expect(bobNotes).toContainText("Bob's hasty notes");
  await alice.reload();
  await expect(aliceNotes).toContainText("Bob's hasty notes");

  // A save of a field nobody else touched goes through even though the model moved on.
  await alice.getByRole("button", { name: "Edit description" }).click();
  await bob.getByRole("region", { name: "Notes" }).getByRole("button", { name: "Edit notes" }).click();
  await bobNotes.getByRole("textbox", { name: "Notes (Markdown)" }).fill("Bob again");
  await bobNotes.getByRole("button", { name: "Save notes" }).click();
  await expect(bobNotes.getByRole("button", { name: "Edit notes" })).toBeVisible();
  await alice.getByRole("textbox", { name: "Description" }).fill("Alice's description");
  await alice.getByRole("button", { name: "Save description" }).click();
  await expect(alice.getByText("Alice's description")).toBeVisible();
  await expect(alice.getByRole("alert", { name: /Conflict/ })).toHaveCount(0);

  // Taking theirs instead: Bob's stale description edit is discarded in favour of Alice's.
  await bob.getByRole("button", { name: "Edit description" }).click();
  await bob.getByRole("textbox", { name: "Description" }).fill("Bob's description");
  await alice.getByRole("button", { name: "Edit description" }).click();
  await alice.getByRole("textbox", { name: "Description" }).fill("Alice's second description");
  await alice.getByRole("button", { name: "Save description" }).click();
  await expect(alice.getByText("Alice's second description")).toBeVisible();
  await bob.getByRole("button", { name: "Save description" }).click();
  const c2 = bob.getByRole("alert", { name: "Conflict: description" });
  await expect(c2.getByRole("region", { name: "Their version" })).toContainText("Alice's second description");
  await scanA11y(bob, "description conflict notice");
  await c2.getByRole("button", { name: "Discard mine, keep theirs" }).click();
  await expect(bob.getByText("Alice's second description")).toBeVisible();
  await expect(bob.getByText("Bob's description")).toHaveCount(0);
});
