import { describe, expect, it } from "vitest";
import { compareHref, parseCompareParams, toggleFlip } from "@/lib/url/compare-params";

describe("compare page URL state", () => {
  it("reads repeated v, a comma list, only=1 and flips", () => {
    expect(parseCompareParams({ v: ["3", "7"], only: "1", flip: "val_acc" })).toEqual({ versions: ["3", "7"], only: true, flip: ["val_acc"] });
    expect(parseCompareParams({ v: "3, 7,9" })).toEqual({ versions: ["3", "7", "9"], only: false, flip: [] });
    expect(parseCompareParams({})).toEqual({ versions: [], only: false, flip: [] });
  });
  it("writes the same state back, in order, and toggles a flip", () => {
    const p = { versions: ["9", "3"], only: true, flip: ["a b"] };
    expect(compareHref("fraud detector", p)).toBe("/models/fraud%20detector/compare?v=9&v=3&only=1&flip=a+b");
    expect(toggleFlip(p, "a b").flip).toEqual([]);
    expect(toggleFlip(p, "loss").flip).toEqual(["a b", "loss"]);
    expect(parseCompareParams(Object.fromEntries([...new URL(`http://x${compareHref("m", p)}`).searchParams.keys()].map((k) => [k, new URL(`http://x${compareHref("m", p)}`).searchParams.getAll(k)])))).toEqual(p);
  });
});
