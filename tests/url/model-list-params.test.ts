import { describe, expect, it } from "vitest";
import { DEFAULTS, listHref, parseListParams, sortHref } from "../../lib/url/model-list-params";

describe("model list URL state", () => {
  it("round-trips every setting through the query string", () => {
    const params = { sort: "name", order: "asc", name: "bert", description: "NLP", label: "a,b", alias: "production", workspace: "nlp research", archived: true, page: 3, size: 10 } as const;
    const href = listHref(params);
    const back = parseListParams(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(back).toEqual(params);
  });

  it("keeps default views at a bare /", () => {
    expect(listHref(DEFAULTS)).toBe("/");
  });

  it("falls back to defaults for hand-edited nonsense instead of failing", () => {
    expect(parseListParams({ sort: "password", order: "sideways", page: "-2", size: "100000", archived: "yes" })).toEqual(DEFAULTS);
  });

  it("clicking the sorted column flips the order; a new column starts at page 1", () => {
    const onName = parseListParams({ sort: "name", order: "asc", page: "4" });
    expect(sortHref(onName, "name")).toBe("/?sort=name&order=desc");
    expect(sortHref({ ...onName, order: "desc" }, "name")).toBe("/?sort=name&order=asc");
    expect(sortHref(onName, "creationTime")).toBe("/?sort=creationTime&order=desc");
    expect(sortHref(onName, "description")).toBe("/?sort=description&order=asc");
  });
});
