import { describe, expect, it } from "vitest";
import { formatPath } from "@/lib/compare/json-diff";
import { compareVersions, listModelMetricNames, mergeVersionMetadata, metricSeries, registerVersion, reportCheckpoint, setAlias } from "@/lib/registry";
import { admin, makeModel, uniq } from "../support/factories";

async function checkpoint(opts: { metrics: Record<string, unknown>; hparams?: Record<string, unknown>; resources?: Record<string, number>; experiment?: string; smallerIsBetter?: boolean }) {
  return reportCheckpoint({ actor: admin, input: {
    experiment: { name: opts.experiment ?? uniq("exp"), searcherMetric: "validation_loss" },
    trial: { hparams: opts.hparams ?? {} },
    state: "COMPLETED", framework: "torch-2.4", format: "pytorch",
    validationMetrics: opts.metrics, resources: opts.resources ?? { "model.pt": 100 },
  } });
}

describe("compareVersions", () => {
  it("lines versions up: fields, metrics with deltas, hyperparameters, metadata, notes and files", async () => {
    const m = await makeModel();
    const a = await checkpoint({ metrics: { validation_loss: 0.5, accuracy: 0.8 }, hparams: { lr: 0.01, opt: { name: "adam" } }, resources: { "model.pt": 100, "config.yaml": 10 } });
    const b = await checkpoint({ metrics: { validation_loss: 0.4, accuracy: 0.7 }, hparams: { lr: 0.02, opt: { name: "adam" }, warmup: 5 }, resources: { "model.pt": 120, "tok.json": 3 } });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid, input: { name: "base", metadata: { big: { x: 1 }, same: "s", "ключ": 1 }, notes: "Trained on v1 data.\n", labels: ["x"] } });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: b.uuid, input: { name: "cand", metadata: { big: { x: 2 }, same: "s", "ключ": 1, added: true }, notes: "Trained on v2 data.\n", labels: ["x"] } });
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2 } });

    const c = await compareVersions(m.name, { versions: ["2", "1"] });
    expect(c.versions.map((v) => v.version)).toEqual([2, 1]);
    const f = Object.fromEntries(c.fields.map((x) => [x.field, x]));
    expect(f.name).toMatchObject({ values: ["cand", "base"], differs: true });
    expect(f.labels.differs).toBe(false);
    expect(f.aliases.values).toEqual(["staging", ""]);
    expect(f.framework.differs).toBe(false);

    const loss = c.metrics.find((r) => r.name === "validation_loss")!;
    expect(loss.direction).toBe("lower");
    expect(loss.cells[1]).toMatchObject({ value: 0.5, verdict: "worse" });
    expect(loss.cells[1].abs).toBeCloseTo(0.1);
    expect(loss.cells[1].pct).toBeCloseTo(25);
    const acc = c.metrics.find((r) => r.name === "accuracy")!;
    expect(acc.cells[1].verdict).toBe("better");
    const flipped = await compareVersions(m.id, { versions: [2, 1], flip: ["accuracy"] });
    expect(flipped.metrics.find((r) => r.name === "accuracy")!.cells[1].verdict).toBe("worse");

    expect(c.changes[1].hyperparameters.map((x) => `${x.kind} ${formatPath(x.path)}`).sort()).toEqual(["changed lr", "removed warmup"]);
    expect(c.changes[1].metadata.map((x) => `${x.kind} ${formatPath(x.path)}`).sort()).toEqual(["changed big.x", "removed added"]);
    expect(c.metadata.rows.filter((r) => r.differs).map((r) => formatPath(r.path)).sort()).toEqual(["added", "big.x"]);
    expect(c.metadata.rows.find((r) => r.key === JSON.stringify(["ключ"]))).toMatchObject({ differs: false });
    expect(c.notes[1].parts!.filter((p) => p.kind !== "same")).toEqual([{ kind: "removed", text: "v2" }, { kind: "added", text: "v1" }]);
    expect(c.files.map((r) => [r.path, r.cells.map((x) => x.status).join(",")])).toEqual([
      ["config.yaml", "absent,added"], ["model.pt", "same,changed"], ["tok.json", "same,removed"],
    ]);
  });

  it("sends a large value identical in every version once, as its size", async () => {
    const m = await makeModel();
    const cp = await checkpoint({ metrics: { validation_loss: 1 } });
    const table = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`class_${i}`, i / 7]));
    for (const step of [1, 2, 3]) {
      await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, input: { metadata: { step, per_class: table } } });
    }
    const c = await compareVersions(m.name, { versions: [1, 2, 3] });
    expect(c.metadata.identicalKeys).toEqual([{ key: "per_class", bytes: expect.any(Number) }]);
    expect(c.metadata.identicalKeys[0].bytes).toBeGreaterThan(4096);
    expect(c.metadata.rows.map((r) => formatPath(r.path))).toEqual(["step"]);
    expect(c.metadata.rows[0].cells.map((x) => x.value)).toEqual([1, 2, 3]);

    // The digests follow every metadata write: after a server-side merge the table differs in one place.
    await mergeVersionMetadata({ actor: admin, model: m.id, version: 3, input: { set: { per_class: { ...table, class_7: -1 } } } });
    const after = await compareVersions(m.name, { versions: [1, 2, 3], only: true });
    expect(after.metadata.identicalKeys).toEqual([]);
    expect(after.pages.metadata).toMatchObject({ total: 2, next: null });
    expect((await compareVersions(m.name, { versions: [1, 2, 3] })).pages.metadata).toMatchObject({ total: 2001, returned: 2000, next: expect.any(String) });
    expect(after.metadata.rows.filter((r) => r.differs).map((r) => formatPath(r.path))).toEqual(["per_class.class_7", "step"]);
    expect(after.changes[2].metadata.map((x) => formatPath(x.path))).toEqual(["per_class.class_7", "step"]);
  });

  it("refuses fewer than 2, more than 10, repeated or malformed versions, and unknown ones", async () => {
    const m = await makeModel();
    const cp = await checkpoint({ metrics: {} });
    for (let i = 0; i < 3; i++) await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await expect(compareVersions(m.name, { versions: [1] })).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/at least 2/) });
    await expect(compareVersions(m.name, { versions: Array.from({ length: 11 }, (_, i) => i + 1) })).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/at most 10/) });
    await expect(compareVersions(m.name, { versions: "1,1" })).rejects.toMatchObject({ code: "INVALID", message: expect.stringMatching(/only once/) });
    await expect(compareVersions(m.name, { versions: "1,x" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareVersions(m.name, { versions: "1,-2" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareVersions(m.name, { versions: "1,2.5" })).rejects.toMatchObject({ code: "INVALID" });
    await expect(compareVersions(m.name, { versions: [1, 9] })).rejects.toMatchObject({ code: "NOT_FOUND", message: expect.stringMatching(/no version 9/) });
    await expect(compareVersions(uniq("nope"), { versions: [1, 2] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("metricSeries", () => {
  it("returns every version's value in order with its aliases, skipping non-numbers; names list what can be charted", async () => {
    const m = await makeModel();
    const values = [0.5, 0.3, "n/a", 0.9];
    for (const v of values) {
      const cp = await checkpoint({ metrics: { avgMetrics: { validation_loss: v, accuracy: 0.5 } } });
      await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    }
    await setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 2 } });
    const s = await metricSeries(m.name, { metric: "validation_loss" });
    expect(s).toMatchObject({ total: 3, downsampling: "none" });
    expect(s.points.map((p) => [p.version, p.value, p.aliases])).toEqual([[1, 0.5, []], [2, 0.3, ["canary"]], [4, 0.9, []]]);
    expect(await listModelMetricNames(m.name)).toEqual(["validation_loss", "accuracy"]);
    expect((await metricSeries(m.name, { metric: "nothing" })).points).toEqual([]);
    await expect(metricSeries(m.name, { metric: "" })).rejects.toMatchObject({ code: "INVALID" });
  });

  it("downsamples a long series to the point budget, keeping its extremes", async () => {
    const m = await makeModel();
    const n = 120;
    const vals = Array.from({ length: n }, (_, i) => Math.sin(i / 9));
    vals[37] = -9;
    vals[91] = 9;
    const cps = [];
    for (const v of vals) cps.push(await checkpoint({ metrics: { loss: v }, experiment: "series-exp" }));
    for (const cp of cps) await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    const s = await metricSeries(m.id, { metric: "loss", points: 20 });
    expect(s).toMatchObject({ total: n, downsampling: "min-max" });
    expect(s.points.length).toBeLessThanOrEqual(22);
    expect(s.points.length).toBeGreaterThan(10);
    const versions = s.points.map((p) => p.version);
    expect(versions).toContain(38);
    expect(versions).toContain(92);
    expect(versions[0]).toBe(1);
    expect(versions.at(-1)).toBe(n);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });
});
