import { describe, expect, it } from "vitest";
import {
  deleteVersion, getModel, listCheckpointVersions, listCheckpoints, listExperimentMetricNames, listExperiments,
  registerVersion, reportCheckpoint,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

describe("listExperimentMetricNames", () => {
  it("lists every validation metric of the experiment once, searcher metric first", async () => {
    const name = uniq("exp");
    const a = await reportCheckpoint({ actor: admin, input: { experiment: { name, searcherMetric: "val_loss" }, validationMetrics: { val_loss: 0.3, accuracy: 0.9 } } });
    await reportCheckpoint({ actor: admin, input: { experiment: { name }, trial: { id: a.trialId! }, validationMetrics: { val_loss: 0.2, f1: 0.7 } } });
    await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("other") }, validationMetrics: { unrelated: 1 } } });
    expect(await listExperimentMetricNames(a.experimentId!)).toEqual(["val_loss", "accuracy", "f1"]);
    const plain = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") }, validationMetrics: { zeta: 1, alpha: 2 } } });
    expect(await listExperimentMetricNames(plain.experimentId!)).toEqual(["alpha", "zeta"]);
  });

  it("is empty for an experiment without metrics", async () => {
    const a = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
    expect(await listExperimentMetricNames(a.experimentId!)).toEqual([]);
  });
});

describe("the experiment page's reads", () => {
  it("sorts an experiment's checkpoints by a validation metric, missing values last, both directions", async () => {
    const name = uniq("exp");
    const mk = (m: Record<string, unknown>) => reportCheckpoint({ actor: admin, input: { experiment: { name }, validationMetrics: m } });
    const [hi, lo, none, mid] = [await mk({ acc: 0.9 }), await mk({ acc: 0.1 }), await mk({ loss: 1 }), await mk({ acc: 0.5 })];
    const asc = await listCheckpoints({ experimentId: hi.experimentId!, sortByMetric: "acc", orderBy: "asc" });
    expect(asc.checkpoints.map((c) => c.uuid)).toEqual([lo.uuid, mid.uuid, hi.uuid, none.uuid]);
    const desc = await listCheckpoints({ experimentId: hi.experimentId!, sortByMetric: "acc", orderBy: "desc" });
    expect(desc.checkpoints.map((c) => c.uuid)).toEqual([hi.uuid, mid.uuid, lo.uuid, none.uuid]);
    expect(desc.total).toBe(4);
  });

  it("sorted by trial, each trial's checkpoints come in batch order", async () => {
    const name = uniq("exp");
    const first = await reportCheckpoint({ actor: admin, input: { experiment: { name }, batchNumber: 300 } });
    const t1 = first.trialId!;
    await reportCheckpoint({ actor: admin, input: { experiment: { name }, trial: { id: t1 }, batchNumber: 100 } });
    const other = await reportCheckpoint({ actor: admin, input: { experiment: { name }, batchNumber: 50 } });
    await reportCheckpoint({ actor: admin, input: { experiment: { name }, trial: { id: t1 }, batchNumber: 200 } });
    const { checkpoints } = await listCheckpoints({ experimentId: first.experimentId!, sortBy: "trialId", orderBy: "asc" });
    expect(checkpoints.map((c) => [c.trialId, c.batchNumber])).toEqual([[t1, 100], [t1, 200], [t1, 300], [other.trialId, 50]]);
  });

  it("finds the versions of many checkpoints in one call", async () => {
    const [a, b, c] = [await makeCheckpoint(), await makeCheckpoint(), await makeCheckpoint()];
    const m1 = await makeModel();
    const m2 = await makeModel();
    await registerVersion({ actor: admin, model: m1.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m2.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m1.id, checkpointUuid: b.uuid });
    const map = await listCheckpointVersions([a.uuid, b.uuid, c.uuid]);
    expect(map.get(a.uuid)).toEqual([
      { modelId: m1.id, modelName: m1.name, version: 1 },
      { modelId: m2.id, modelName: m2.name, version: 1 },
    ]);
    expect(map.get(b.uuid)).toEqual([{ modelId: m1.id, modelName: m1.name, version: 2 }]);
    expect(map.has(c.uuid)).toBe(false);
  });

  it("lists experiments newest first with their trial and checkpoint counts", async () => {
    const older = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("older") } } });
    const newer = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("newer") } } });
    await reportCheckpoint({ actor: admin, input: { experiment: { id: newer.experimentId! }, trial: { id: newer.trialId! } } });
    await reportCheckpoint({ actor: admin, input: { experiment: { id: newer.experimentId! } } });
    const { experiments } = await listExperiments({ reader: admin });
    const ids = experiments.map((e) => e.id);
    expect(ids.indexOf(newer.experimentId!)).toBeLessThan(ids.indexOf(older.experimentId!));
    expect(experiments.find((e) => e.id === newer.experimentId)).toMatchObject({ numTrials: 2, numCheckpoints: 3 });
  });
});

describe("a model's next version number", () => {
  it("lastVersion keeps counting after a version is deleted, so the next one is lastVersion + 1", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await deleteVersion({ actor: admin, model: m.id, version: 2 });
    const after = await getModel(m.id);
    expect(after).toMatchObject({ numVersions: 1, lastVersion: 2 });
    expect((await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid })).version).toBe(after.lastVersion + 1);
  });
});
