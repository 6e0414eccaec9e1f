import { describe, expect, it } from "vitest";
import { DEFAULT_SORT, hrefWith, metricKey, parseSort, sortHref, sortQuery } from "../../lib/url/checkpoint-sort";

const metrics = ["validation_loss", "accuracy"];

describe("experiment table URL state", () => {
  it("reads attribute and metric sorts, and maps them to listCheckpoints arguments", () => {
    expect(sortQuery(parseSort({ sort: "batch", order: "desc" }, metrics))).toEqual({ sortBy: "batchNumber", orderBy: "desc" });
    expect(sortQuery(parseSort({ sort: "reported" }, metrics))).toEqual({ sortBy: "endTime", orderBy: "asc" });
    expect(sortQuery(parseSort({ sort: "metric:accuracy", order: "desc" }, metrics))).toEqual({ sortByMetric: "accuracy", orderBy: "desc" });
  });

  it("falls back to the default for unknown columns and metrics the experiment does not report", () => {
    expect(parseSort({ sort: "password" }, metrics)).toEqual(DEFAULT_SORT);
    expect(parseSort({ sort: "metric:secret", order: "desc" }, metrics)).toEqual(DEFAULT_SORT);
    expect(parseSort({ sort: ["batch", "state"], order: "sideways" }, metrics)).toEqual({ key: "batch", order: "asc" });
  });

  it("the sorted column's header flips the order; another column starts ascending and closes the modal", () => {
    const params = { sort: "batch", order: "asc", trial: "3", page: "2", checkpoint: "abc" };
    const current = parseSort(params, metrics);
    expect(sortHref("/experiments/1", params, current, "batch")).toBe("/experiments/1?trial=3&sort=batch&order=desc");
    expect(sortHref("/experiments/1", params, current, metricKey("accuracy"))).toBe("/experiments/1?trial=3&sort=metric%3Aaccuracy&order=asc");
  });

  it("hrefWith keeps other parameters and removes the ones set to undefined", () => {
    expect(hrefWith("/e/1", { sort: "batch", checkpoint: "x" }, { checkpoint: undefined })).toBe("/e/1?sort=batch");
    expect(hrefWith("/e/1", {}, { checkpoint: "u" })).toBe("/e/1?checkpoint=u");
    expect(hrefWith("/e/1", { checkpoint: "u" }, { checkpoint: undefined })).toBe("/e/1");
  });
});
