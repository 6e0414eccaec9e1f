// Issue 14 over HTTP: GET .../compare, .../metrics and .../metrics/{metric}/series.
import { beforeAll, describe, expect, it } from "vitest";
import { ZCompareReply, ZCompareSectionReply, ZMetricSeriesReply } from "../../lib/schemas/api/compare";
import { adminLogin, as, call, expectError, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
let base = "";
beforeAll(async () => {
  api = as(await adminLogin());
  const name = uniq("compared");
  expect((await api.post("/api/v1/models", { name })).status).toBe(200);
  base = `/api/v1/models/${encodeURIComponent(name)}`;
  for (const [i, loss] of [0.5, 0.4, 0.45].entries()) {
    const uuid = await reportCheckpoint(api, { loss, steps: (i + 1) * 100, resources: { "model.pt": String(1000 + i), "config.yaml": "56" } });
    const r = await api.post(`${base}/versions`, { checkpointUuid: uuid, name: `v${i + 1}`, metadata: { step: i + 1, shared: { a: 1 } } });
    expect(r.status).toBe(200);
  }
});

describe("GET /api/v1/models/{name}/compare", () => {
  it("compares versions in the order given, against the first", async () => {
    const r = await api.get(`${base}/compare?versions=3,1,2`);
    expect(r.status).toBe(200);
    const c = ZCompareReply.parse(r.json);
    expect(c.versions.map((v) => v.version)).toEqual([3, 1, 2]);
    const loss = c.metrics.find((m) => m.name === "validation_loss")!;
    expect(loss).toMatchObject({ direction: "lower" });
    expect(loss.cells.map((x) => x.verdict)).toEqual(["same", "worse", "better"]);
    expect(c.metadata.rows.filter((x) => x.differs).map((x) => x.key)).toEqual(['["step"]']);
    expect(c.files.find((f) => f.path === "model.pt")!.cells.map((x) => x.status)).toEqual(["same", "changed", "changed"]);
    expect(c.fields.find((f) => f.field === "name")!.values).toEqual(["v3", "v1", "v2"]);
  });

  it("flips a metric's direction on request", async () => {
    const r = await api.get(`${base}/compare?versions=1,2&flip=validation_loss`);
    expect(r.json.metrics.find((m: { name: string }) => m.name === "validation_loss")).toMatchObject({ direction: "higher", directionFrom: "flipped" });
  });

  it.each([
    ["versions=1", /at least 2/],
    ["versions=1,2,3,4,5,6,7,8,9,10,11", /at most 10/],
    ["versions=1,1", /only once/],
    ["versions=1,abc", /whole number/],
    ["versions=0,1", /whole number/],
    ["", /versions is required/],
  ])("answers 400 for ?%s", async (qs, message) => {
    const r = await api.get(`${base}/compare?${qs}`);
    expectError(r, 400, 3, "InvalidArgument");
    expect(r.json.error.error).toMatch(message);
  });

  it("answers 404 for an unknown version or model, 401 without a token", async () => {
    expectError(await api.get(`${base}/compare?versions=1,99`), 404, 5, "NotFound");
    expectError(await api.get(`/api/v1/models/${uniq("none")}/compare?versions=1,2`), 404, 5, "NotFound");
    expect((await call("GET", `${base}/compare?versions=1,2`)).status).toBe(401);
  });
});

describe("GET /api/v1/models/{name}/compare: bounded replies (decision 140)", () => {
  it("pages long lists with limit, total and a cursor; section=...&after=... walks them to the end", async () => {
    const name = uniq("compared-long");
    expect((await api.post("/api/v1/models", { name })).status).toBe(200);
    const b = `/api/v1/models/${encodeURIComponent(name)}`;
    for (const v of [1, 2]) {
      const uuid = await reportCheckpoint(api, { loss: v, steps: 100, resources: { "model.pt": "10" } });
      const metadata = { table: Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, { v: i * v, deep: [i, v] }])), same: 1 };
      expect((await api.post(`${b}/versions`, { checkpointUuid: uuid, metadata })).status).toBe(200);
    }
    const whole = ZCompareReply.parse((await api.get(`${b}/compare?versions=1,2`)).json);
    expect(whole.pages.metadata).toEqual({ total: 76, all: 76, returned: 76, next: null });

    const first = await api.get(`${b}/compare?versions=1,2&limit=20&only=1`);
    expect(first.status).toBe(200);
    const c = ZCompareReply.parse(first.json);
    expect(c.only).toBe(true);
    expect(c.metadata.rows).toHaveLength(20);
    // 25 keys of 3 leaves and "same": table.k{1..24}.v and every deep[1] differ, 49 of 76 rows.
    expect(c.pages.metadata).toMatchObject({ total: 49, all: 76, returned: 20, next: expect.any(String) });
    expect(c.pages.changes[1].metadata).toMatchObject({ total: 49, returned: 20 });
    const rows = [...c.metadata.rows];
    let next = c.pages.metadata.next;
    while (next) {
      const r = await api.get(`${b}/compare?versions=1,2&limit=20&only=1&section=metadata&after=${encodeURIComponent(next)}`);
      expect(r.status).toBe(200);
      const p = ZCompareSectionReply.parse(r.json);
      expect(p).toMatchObject({ section: "metadata", version: null });
      rows.push(...(p.rows as typeof rows));
      next = p.page.next;
    }
    expect(rows).toEqual(whole.metadata.rows.filter((r) => r.differs));

    const ch = await api.get(`${b}/compare?versions=1,2&limit=20&only=1&section=metadataChanges&version=2&after=${encodeURIComponent(c.pages.changes[1].metadata.next!)}`);
    expect(ch.status).toBe(200);
    expect(ZCompareSectionReply.parse(ch.json).rows).toEqual(whole.changes[1].metadata.slice(20, 40));

    // A cursor of another list, or of "all rows" used for "only differences": 409; a made-up one, a bad limit or section: 400.
    expectError(await api.get(`${b}/compare?versions=1,2&limit=20&only=1&section=hyperparameters&after=${encodeURIComponent(c.pages.metadata.next!)}`), 409, 10, "Aborted");
    expectError(await api.get(`${b}/compare?versions=1,2&limit=20&section=metadata&after=${encodeURIComponent(c.pages.metadata.next!)}`), 409, 10, "Aborted");
    expectError(await api.get(`${b}/compare?versions=1,2&section=metadata&after=bogus`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${b}/compare?versions=1,2&limit=0`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${b}/compare?versions=1,2&section=everything`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${b}/compare?versions=1,2&section=metadataChanges`), 400, 3, "InvalidArgument");
  });
});

describe("GET /api/v1/models/{name}/metrics[/{metric}/series]", () => {
  it("lists the chartable metrics and returns a series with aliases", async () => {
    expect((await api.get(`${base}/metrics`)).json).toEqual({ metrics: ["validation_loss"] });
    const put = await call("PUT", `${base}/aliases/canary`, { token: (await adminLogin()), body: { version: 2 } });
    expect(put.status).toBe(200);
    const r = await api.get(`${base}/metrics/validation_loss/series`);
    expect(r.status).toBe(200);
    const s = ZMetricSeriesReply.parse(r.json);
    expect(s).toMatchObject({ total: 3, downsampling: "none" });
    expect(s.points.map((p) => [p.version, p.value, p.aliases])).toEqual([[1, 0.5, []], [2, 0.4, ["canary"]], [3, 0.45, []]]);
  });

  it("refuses a bad point budget and an unknown model", async () => {
    expectError(await api.get(`${base}/metrics/validation_loss/series?points=5`), 400, 3, "InvalidArgument");
    expectError(await api.get(`${base}/metrics/validation_loss/series?points=abc`), 400, 3, "InvalidArgument");
    expectError(await api.get(`/api/v1/models/${uniq("none")}/metrics/loss/series`), 404, 5, "NotFound");
  });
});
