// Bounded compare replies (decision 140): every list that grows with the data comes in
// pages; walking the cursors gives exactly the unbounded list, in the same order.
import { describe, expect, it } from "vitest";
import { formatPath } from "@/lib/compare/json-diff";
import { compareSection, compareVersions, mergeVersionMetadata, registerVersion, reportCheckpoint, type TCompareSectionPage } from "@/lib/registry";
import type { TCompareSection } from "@/lib/schemas";
import { admin, makeModel, uniq } from "../support/factories";

async function checkpoint(hparams: Record<string, unknown>, resources: Record<string, number>) {
  return reportCheckpoint({ actor: admin, input: {
    experiment: { name: uniq("exp"), searcherMetric: "validation_loss" }, trial: { hparams },
    state: "COMPLETED", framework: "torch-2.4", format: "pytorch", validationMetrics: { validation_loss: 1 }, resources,
  } });
}

/** Nested objects, arrays, unicode keys, a type change and keys present in only some versions. */
const metadataOf = (v: number) => ({
  step: v * 100,
  eval: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`class_${i}`, { p: (i * v) % 5, r: [i, v, i % 2 ? v : 0] }])),
  "ключ с пробелом": { nested: v === 2 ? [1, 2, 3] : { a: v } },
  ...(v === 3 ? { only_in_three: { x: true } } : {}),
  same: { deep: { deeper: "unchanged" } },
});

async function seeded() {
  const m = await makeModel();
  for (const v of [1, 2, 3]) {
    const hparams = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`h${i}`, { lr: i === v ? 0.5 : 0.1, layers: [i, v] }]));
    const files = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`shard-${i}.bin`, i === v ? 999 : 100 + i]));
    const cp = await checkpoint(hparams, files);
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, input: { metadata: metadataOf(v) } });
  }
  return m;
}

/** Walks a section from the first page's cursor to the end. */
async function walk(model: string, q: Omit<TCompareSection, "after">, first: { rows: unknown[]; next: string | null }) {
  const rows = [...first.rows];
  let next = first.next, pages = 1;
  while (next) {
    const p: TCompareSectionPage = await compareSection(model, { ...q, after: next });
    expect(p.rows.length).toBeLessThanOrEqual(Number(q.limit));
    rows.push(...p.rows);
    next = p.page.next;
    pages++;
  }
  return { rows, pages };
}

describe("compare paging", () => {
  it("pages every list; walking the cursors gives the whole list in the same order, nested paths included", async () => {
    const m = await seeded();
    const versions = [2, 1, 3];
    const all = await compareVersions(m.name, { versions, limit: 10_000 });
    expect(Object.values(all.pages).filter((p) => !Array.isArray(p)).every((p) => (p as { next: unknown }).next === null)).toBe(true);
    expect(all.metadata.rows.length).toBeGreaterThan(40);
    expect(all.metadata.rows.map((r) => formatPath(r.path))).toContain('["ключ с пробелом"].nested[1]');

    const limit = 7;
    const c = await compareVersions(m.name, { versions, limit });
    expect(c.metadata.rows).toEqual(all.metadata.rows.slice(0, limit));
    expect(c.pages.metadata).toMatchObject({ total: all.metadata.rows.length, returned: limit, next: expect.any(String) });
    expect(c.pages.files).toMatchObject({ total: 8, returned: 7 });

    const q = { versions, limit };
    const md = await walk(m.name, { ...q, section: "metadata" }, { rows: c.metadata.rows, next: c.pages.metadata.next });
    expect(md.rows).toEqual(all.metadata.rows);
    expect(md.pages).toBe(Math.ceil(all.metadata.rows.length / limit));
    expect(new Set(md.rows.map((r) => (r as { key: string }).key)).size).toBe(md.rows.length);
    expect((await walk(m.name, { ...q, section: "hyperparameters" }, { rows: c.hyperparameters, next: c.pages.hyperparameters.next })).rows).toEqual(all.hyperparameters);
    expect((await walk(m.name, { ...q, section: "files" }, { rows: c.files, next: c.pages.files.next })).rows).toEqual(all.files);
    expect((await walk(m.name, { ...q, section: "checkpointMetadata" }, { rows: c.checkpointMetadata, next: c.pages.checkpointMetadata.next })).rows).toEqual(all.checkpointMetadata);

    // Each version's changes against the baseline (version 2) page on their own.
    for (const [i, v] of versions.entries()) {
      const pages = c.pages.changes[i];
      expect(pages.version).toBe(v);
      expect(pages.metadata.total).toBe(all.changes[i].metadata.length);
      const ch = await walk(m.name, { ...q, section: "metadataChanges", version: v }, { rows: c.changes[i].metadata, next: pages.metadata.next });
      expect(ch.rows).toEqual(all.changes[i].metadata);
      const hc = await walk(m.name, { ...q, section: "hyperparameterChanges", version: v }, { rows: c.changes[i].hyperparameters, next: pages.hyperparameters.next });
      expect(hc.rows).toEqual(all.changes[i].hyperparameters);
    }
    expect(all.changes[2].metadata.map((x) => `${x.kind} ${formatPath(x.path)}`)).toContain('type ["ключ с пробелом"].nested');
    expect(all.changes[2].metadata.map((x) => `${x.kind} ${formatPath(x.path)}`)).toContain("added only_in_three");

    // A page asked for on its own equals the same slice of the whole list.
    const second = await compareSection(m.name, { ...q, section: "metadata", after: c.pages.metadata.next });
    expect(second.rows).toEqual(all.metadata.rows.slice(limit, 2 * limit));
    expect(second.page).toMatchObject({ total: all.metadata.rows.length, returned: limit });
  });

  it("only differences: totals and pages count differing rows only", async () => {
    const m = await seeded();
    const all = await compareVersions(m.name, { versions: [1, 2, 3], limit: 10_000 });
    const differing = all.metadata.rows.filter((r) => r.differs);
    expect(differing.length).toBeLessThan(all.metadata.rows.length);
    const c = await compareVersions(m.name, { versions: [1, 2, 3], limit: 5, only: true });
    expect(c.only).toBe(true);
    expect(c.pages.metadata.total).toBe(differing.length);
    const rows = await walk(m.name, { versions: [1, 2, 3], limit: 5, only: true, section: "metadata" }, { rows: c.metadata.rows, next: c.pages.metadata.next });
    expect(rows.rows).toEqual(differing);
    // A cursor of the "all rows" list is not honoured for "only differences".
    const allRows = await compareVersions(m.name, { versions: [1, 2, 3], limit: 5 });
    await expect(compareSection(m.name, { versions: [1, 2, 3], limit: 5, only: true, section: "metadata", after: allRows.pages.metadata.next }))
      .rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a cursor from another list, from changed versions, or none of its own", async () => {
    const m = await seeded();
    const q = { versions: [1, 2, 3], limit: 3 };
    const c = await compareVersions(m.name, q);
    await expect(compareSection(m.name, { ...q, section: "hyperparameters", after: c.pages.metadata.next })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(compareSection(m.name, { ...q, section: "metadata", after: "not-a-cursor" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareSection(m.name, { ...q, section: "metadataChanges" })).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/version is required/) });
    await expect(compareSection(m.name, { ...q, section: "metadataChanges", version: 9 })).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/not one of the compared/) });
    await expect(compareSection(m.name, { ...q, section: "nope" as never })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareVersions(m.name, { ...q, limit: 0 })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareVersions(m.name, { ...q, limit: 10_001 })).rejects.toMatchObject({ code: "INVALID" });

    // The cursor still works while nothing changed...
    expect((await compareSection(m.name, { ...q, section: "metadata", after: c.pages.metadata.next })).rows.length).toBe(3);
    // ...and is refused once a compared version's metadata changed (pages would mix two states).
    await mergeVersionMetadata({ actor: admin, model: m.id, version: 2, input: { set: { step: -1 } } });
    await expect(compareSection(m.name, { ...q, section: "metadata", after: c.pages.metadata.next }))
      .rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/changed since the first page/) });
  });

  it("sends a value longer than 4 KB as a preview with its size", async () => {
    const m = await makeModel();
    const cp = await checkpoint({}, { "model.pt": 1 });
    const long = "é".repeat(5000);
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, input: { metadata: { log: "short", table: { a: 1 } } } });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, input: { metadata: { log: long, table: { a: 1, big: Array.from({ length: 2000 }, (_, i) => i) } } } });
    const c = await compareVersions(m.name, { versions: [1, 2] });
    const log = c.metadata.rows.find((r) => formatPath(r.path) === "log")!;
    expect(log.cells[0]).toEqual({ present: true, value: "short", status: "same" });
    expect(log.cells[1]).toMatchObject({ present: true, status: "changed", bytes: Buffer.byteLength(JSON.stringify(long)) });
    expect(log.cells[1].value).toBe(long.slice(0, 1000));
    const changes = Object.fromEntries(c.changes[1].metadata.map((x) => [formatPath(x.path), x]));
    expect(changes.log).toMatchObject({ kind: "changed", before: "short", after: long.slice(0, 1000), afterBytes: Buffer.byteLength(JSON.stringify(long)) });
    expect(changes.log.beforeBytes).toBeUndefined();
    const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => i));
    expect(changes["table.big"]).toMatchObject({ kind: "added", after: big.slice(0, 1000), afterBytes: big.length });
    // Numbers in the aligned rows stay whole: only long values are cut.
    expect(c.metadata.rows.find((r) => formatPath(r.path) === "table.big[1500]")!.cells[1].value).toBe(1500);
  });
});
