import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { replies } from "../../lib/schemas/api";
import { adminLogin, as, baseUrl, expectError, reportCheckpoint, uniq } from "./client";

let api: ReturnType<typeof as>;
beforeAll(async () => {
  api = as(await adminLogin());
});

describe("POST /api/v1/checkpoints and GET /api/v1/checkpoints/{uuid}", () => {
  it("reports a Checkpoint message and serves it back in Determined's shape", async () => {
    const uuid = await reportCheckpoint(api, { steps: 400, loss: 0.125, resources: { "weights/model.pt": "123456789012", "a.txt": "0" } });
    const r = await api.get(`/api/v1/checkpoints/${uuid}`);
    expect(r.status).toBe(200);
    const { checkpoint } = replies.checkpoint.parse(r.json);
    expect(checkpoint).toMatchObject({
      uuid,
      state: "STATE_COMPLETED",
      resources: { "weights/model.pt": "123456789012", "a.txt": "0" },
      metadata: { steps_completed: 400, framework: "torch-2.4", format: "pytorch" },
    });
    expect(checkpoint.training.trialId).toEqual(expect.any(Number));
    expect(checkpoint.training.experimentId).toEqual(expect.any(Number));
    expect(Object.keys(checkpoint.training.experimentConfig ?? {})).not.toHaveLength(0);
    expect(checkpoint.training).toMatchObject({
      hparams: { lr: 0.01 },
      trainingMetrics: { avgMetrics: { loss: 0.5 }, batchMetrics: [] },
      validationMetrics: { avgMetrics: { validation_loss: 0.125 } },
      searcherMetric: 0.125,
    });
  });

  it("advertises an S3 store that denies access, so the SDK's download() falls back to /checkpoints/{uuid}", async () => {
    const uuid = await reportCheckpoint(api);
    const { checkpoint } = replies.checkpoint.parse((await api.get(`/api/v1/checkpoints/${uuid}`)).json);
    const storage = checkpoint.training.experimentConfig!.checkpoint_storage as Record<string, string>;
    expect(storage).toMatchObject({ type: "s3", bucket: "model-registry", endpoint_url: `${baseUrl}/s3` });
    expect(storage.access_key).toBeTruthy();
    const forwarded = replies.checkpoint.parse((await api.get(`/api/v1/checkpoints/${uuid}`, {
      headers: { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "registry.example.com" },
    })).json).checkpoint;
    expect((forwarded.training.experimentConfig!.checkpoint_storage as Record<string, string>).endpoint_url).toBe("https://registry.example.com/s3");
    // What boto3 sends for bucket.objects.filter(Prefix=uuid): a path-style ListObjects.
    const list = await fetch(`${storage.endpoint_url}/${storage.bucket}?list-type=2&prefix=${uuid}`);
    expect(list.status).toBe(403);
    expect(await list.text()).toContain("<Code>AccessDenied</Code>");
    expect((await fetch(storage.endpoint_url)).status).toBe(403);
  });

  it("accepts a minimal checkpoint with nulls everywhere", async () => {
    const uuid = crypto.randomUUID();
    const r = await api.post("/api/v1/checkpoints", { uuid, resources: null, metadata: null, state: null, training: null, storageId: null });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({});
    const { checkpoint } = replies.checkpoint.parse((await api.get(`/api/v1/checkpoints/${uuid}`)).json);
    expect(checkpoint).toMatchObject({ uuid, state: "STATE_ACTIVE", resources: {}, metadata: {} });
    expect(checkpoint.training).toMatchObject({ trialId: null, experimentId: null, experimentConfig: null, searcherMetric: null });
  });

  it("refuses a duplicate (409), a bad uuid or size (400); unknown checkpoint 404", async () => {
    const uuid = await reportCheckpoint(api);
    expectError(await api.post("/api/v1/checkpoints", { uuid }), 409, 6, "AlreadyExists");
    expectError(await api.post("/api/v1/checkpoints", { uuid: "nope" }), 400, 3, "InvalidArgument");
    expectError(await api.post("/api/v1/checkpoints", { uuid: crypto.randomUUID(), resources: { a: "-1" } }), 400, 3, "InvalidArgument");
    expectError(await api.post("/api/v1/checkpoints", { uuid: crypto.randomUUID(), state: "STATE_HAPPY" }), 400, 3, "InvalidArgument");
    expectError(await api.get(`/api/v1/checkpoints/${crypto.randomUUID()}`), 404, 5, "NotFound");
    expectError(await api.get("/api/v1/checkpoints/not-a-uuid"), 400, 3, "InvalidArgument");
  });
});

describe("experiments", () => {
  let experimentId: number;
  const uuids: string[] = [];
  beforeAll(async () => {
    const experimentName = uniq("exp");
    uuids.push(await reportCheckpoint(api, { experimentName, steps: 100, loss: 0.3 }));
    const first = replies.checkpoint.parse((await api.get(`/api/v1/checkpoints/${uuids[0]}`)).json).checkpoint;
    experimentId = first.training.experimentId!;
    uuids.push(await reportCheckpoint(api, { experimentId, trialId: first.training.trialId!, steps: 200, loss: 0.1 }));
    uuids.push(await reportCheckpoint(api, { experimentId, steps: 300, loss: 0.2 }));
  });

  it("GET /api/v1/experiments/{id} returns the Experiment and jobSummary null", async () => {
    const r = await api.get(`/api/v1/experiments/${experimentId}`);
    expect(r.status).toBe(200);
    const { experiment, jobSummary } = replies.experiment.parse(r.json);
    expect(jobSummary).toBeNull();
    expect(experiment).toMatchObject({ id: experimentId, state: "STATE_ACTIVE", archived: false, numTrials: 2, username: "admin" });
    expect(experiment.config).toEqual(expect.any(Object));
    expectError(await api.get("/api/v1/experiments/99999999"), 404, 5, "NotFound");
  });

  it("lists an experiment's checkpoints with sortByAttr, sortByMetric, states and pagination", async () => {
    const list = async (q: string) => {
      const r = await api.get(`/api/v1/experiments/${experimentId}/checkpoints?${q}`);
      if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
      return replies.checkpoints.parse(r.json);
    };
    const byBatch = await list("sortByAttr=SORT_BY_BATCH_NUMBER&orderBy=ORDER_BY_DESC");
    expect(byBatch.checkpoints.map((c) => c.uuid)).toEqual([uuids[2], uuids[1], uuids[0]]);
    expect(byBatch.pagination).toEqual({ offset: 0, limit: 0, startIndex: 0, endIndex: 3, total: 3 });
    const byMetric = await list("sortByMetric=validation_loss&orderBy=ORDER_BY_ASC&limit=2");
    expect(byMetric.checkpoints.map((c) => c.uuid)).toEqual([uuids[1], uuids[2]]);
    expect(byMetric.pagination).toMatchObject({ limit: 2, endIndex: 2, total: 3 });
    expect((await list("sortByAttr=SORT_BY_SEARCHER_METRIC&offset=-1")).checkpoints.map((c) => c.uuid)).toEqual([uuids[0]]);
    expect((await list("states=STATE_COMPLETED&states=STATE_ERROR")).checkpoints).toHaveLength(3);
    expect((await list("states=STATE_DELETED")).checkpoints).toEqual([]);
    for (const sortByAttr of ["SORT_BY_UUID", "SORT_BY_TRIAL_ID", "SORT_BY_END_TIME", "SORT_BY_STATE"]) {
      expect((await list(`sortByAttr=${sortByAttr}`)).checkpoints).toHaveLength(3);
    }
    expectError(await api.get(`/api/v1/experiments/${experimentId}/checkpoints?offset=9`), 400, 3, "InvalidArgument");
    expectError(await api.get(`/api/v1/experiments/${experimentId}/checkpoints?states=STATE_HAPPY`), 400, 3, "InvalidArgument");
    expectError(await api.get("/api/v1/experiments/99999999/checkpoints"), 404, 5, "NotFound");
  });
});
