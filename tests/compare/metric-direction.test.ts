import { describe, expect, it } from "vitest";
import { metricDelta, metricDirection, verdict } from "@/lib/compare/metric-direction";
import { metricsTable } from "@/lib/compare/metrics-table";

describe("metricDirection", () => {
  it.each([
    ["validation_loss", "lower"], ["val_loss", "lower"], ["loss", "lower"], ["error_rate", "lower"], ["top1_error", "lower"],
    ["mse", "lower"], ["val_mae", "lower"], ["rmse", "lower"], ["perplexity", "lower"], ["valPerplexity", "lower"], ["WER", "lower"],
    ["accuracy", "higher"], ["val_acc", "higher"], ["f1", "higher"], ["macro-f1", "higher"], ["auc", "higher"], ["roc_auc", "higher"],
    ["precision", "higher"], ["recall@10", "higher"], ["validationAccuracy", "higher"], ["bleu", "higher"], ["mAP", "higher"],
    ["accuracy_loss", "lower"], ["batches", null], ["lr", null], ["epoch", null], ["lossless_ratio", null],
  ] as const)("%s -> %s", (name, d) => {
    expect(metricDirection(name)).toBe(d);
  });

  it("uses the experiment's own setting for its searcher metric over the name", () => {
    expect(metricDirection("score_x", { searcherMetric: "score_x", smallerIsBetter: true })).toBe("lower");
    expect(metricDirection("val_loss", { searcherMetric: "val_loss", smallerIsBetter: false })).toBe("higher");
    expect(metricDirection("val_loss", { searcherMetric: "other", smallerIsBetter: false })).toBe("lower");
  });
});

describe("verdict and delta", () => {
  it("says better or worse by direction, nothing when unknown", () => {
    expect(verdict(0.5, 0.4, "lower")).toBe("better");
    expect(verdict(0.5, 0.4, "higher")).toBe("worse");
    expect(verdict(0.5, 0.5, "higher")).toBe("same");
    expect(verdict(0.5, 0.4, null)).toBeNull();
    expect(verdict(null, 0.4, "lower")).toBeNull();
  });
  it("gives absolute and relative change; no % from a zero baseline", () => {
    expect(metricDelta(0.5, 0.4)).toEqual({ abs: expect.closeTo(-0.1, 10), pct: expect.closeTo(-20, 10) });
    expect(metricDelta(-2, -1)).toEqual({ abs: 1, pct: 50 });
    expect(metricDelta(0, 1)).toEqual({ abs: 1, pct: null });
    expect(metricDelta(1, null)).toEqual({ abs: null, pct: null });
  });
});

describe("metricsTable", () => {
  const src = (v: Record<string, unknown>, t: Record<string, unknown> = {}) => ({ validationMetrics: v, trainingMetrics: t, searcherMetricName: "val_loss", smallerIsBetter: true });

  it("puts the searcher metric first, reads avgMetrics or flat, and flips a direction on request", () => {
    const rows = metricsTable([src({ avgMetrics: { accuracy: 0.8, val_loss: 0.5 } }), src({ accuracy: 0.9, val_loss: 0.6 })]);
    expect(rows.map((r) => `${r.group}:${r.name}:${r.direction}:${r.directionFrom}`)).toEqual(["validation:val_loss:lower:experiment", "validation:accuracy:higher:name"]);
    expect(rows[0].cells[1]).toMatchObject({ value: 0.6, verdict: "worse" });
    expect(rows[1].cells[1]).toMatchObject({ value: 0.9, verdict: "better" });
    const flipped = metricsTable([src({ accuracy: 0.8 }), src({ accuracy: 0.9 })], ["accuracy"]);
    expect(flipped[0]).toMatchObject({ direction: "lower", directionFrom: "flipped" });
    expect(flipped[0].cells[1].verdict).toBe("worse");
  });

  it("keeps metrics only some versions report, and non-numbers without a delta", () => {
    const rows = metricsTable([src({ a_loss: 1 }), src({ a_loss: "n/a", b_acc: 2 })]);
    expect(rows.find((r) => r.name === "a_loss")!.cells[1]).toMatchObject({ value: null, raw: "n/a", abs: null, verdict: null });
    expect(rows.find((r) => r.name === "b_acc")!.cells[0]).toMatchObject({ value: null, raw: null });
    expect(rows.every((r) => r.differs)).toBe(true);
  });
});
