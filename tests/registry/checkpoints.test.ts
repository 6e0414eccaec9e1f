import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  RegistryError, currentStorage, deleteCheckpoint, deleteVersion, getCheckpoint, getExperiment,
  listCheckpoints, registerVersion, reportCheckpoint, saveCheckpointFiles,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";
import { readStored, storedTraces } from "../support/stored-files";

const codeOf = async (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

describe("reportCheckpoint", () => {
  it("creates the experiment and trial on first sight and reuses them after", async () => {
    const exp = uniq("exp");
    const a = await reportCheckpoint({ actor: admin, input: { experiment: { name: exp, config: { searcher: { metric: "loss" } } }, trial: { hparams: { lr: 0.1 } }, batchNumber: 10 } });
    expect(a.experimentId).toBeGreaterThan(0);
    expect(a.trialId).toBeGreaterThan(0);
    expect(a.hparams).toEqual({ lr: 0.1 });
    expect(a.metadata).toEqual({ steps_completed: 10 });
    expect(a.state).toBe("ACTIVE");
    const b = await reportCheckpoint({ actor: admin, input: { experiment: { name: exp }, trial: { id: a.trialId! }, batchNumber: 20 } });
    expect(b.experimentId).toBe(a.experimentId);
    expect(b.trialId).toBe(a.trialId);
    const e = await getExperiment(a.experimentId!);
    expect(e).toMatchObject({ name: exp, numTrials: 1, numCheckpoints: 2 });
  });

  it("accepts a client-chosen experiment id and keeps later ids unique", async () => {
    const id = 900_000 + Math.floor(Math.random() * 50_000);
    const a = await reportCheckpoint({ actor: admin, input: { experiment: { id }, trial: { id: id + 7 } } });
    expect(a).toMatchObject({ experimentId: id, trialId: id + 7 });
    const b = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("later") } } });
    expect(b.experimentId).toBeGreaterThan(id);
    expect(b.trialId).toBeGreaterThan(id + 7);
  });

  it("refuses a duplicate uuid and a bad uuid", async () => {
    const a = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq() } } });
    expect(await codeOf(reportCheckpoint({ actor: admin, input: { uuid: a.uuid, experiment: { name: uniq() } } }))).toBe("ALREADY_EXISTS");
    expect(await codeOf(reportCheckpoint({ actor: admin, input: { uuid: "nope" } }))).toBe("INVALID");
  });
});

describe("checkpoint files", () => {
  it("stores real files, computes resources from them and completes the checkpoint", async () => {
    const cp = await makeCheckpoint({ files: { "model.pt": "x".repeat(1000), "sub/config.yaml": "a: 1\n", "metadata.json": "{}" } });
    expect(cp.state).toBe("COMPLETED");
    expect(cp.resources).toEqual({ "metadata.json": 2, "model.pt": 1000, "sub/config.yaml": 5 });
    expect(cp.totalSize).toBe(1007);
    expect((await readStored(cp.uuid, "model.pt")).toString()).toHaveLength(1000);
  });

  it("a write that fails part-way leaves no visible folder and no temporary files", async () => {
    const cp = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq() } } });
    const err = await saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => {
      fs.writeFileSync(path.join(dir, "half.bin"), "partial");
      throw new Error("connection reset");
    } }).catch((e) => e);
    expect(String(err)).toContain("connection reset");
    expect(await storedTraces(cp.uuid)).toEqual([]);
    expect((await getCheckpoint(cp.uuid)).state).toBe("ACTIVE");
  });

  it("a completed checkpoint's files cannot be replaced", async () => {
    const cp = await makeCheckpoint();
    expect(await codeOf(saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async () => {} }))).toBe("ALREADY_EXISTS");
  });

});

describe("listing and deleting checkpoints", () => {
  it("lists by experiment or trial, sorted by attribute or by a validation metric", async () => {
    const exp = uniq("exp");
    const mk = (batch: number, loss: number) =>
      reportCheckpoint({ actor: admin, input: { experiment: { name: exp }, batchNumber: batch, validationMetrics: { loss }, searcherMetric: loss } });
    const a = await mk(300, 0.5);
    const b = await mk(100, 0.2);
    const c = await mk(200, 0.9);
    const byBatch = await listCheckpoints({ experimentId: a.experimentId!, sortBy: "batchNumber", orderBy: "asc" });
    expect(byBatch.checkpoints.map((x) => x.uuid)).toEqual([b.uuid, c.uuid, a.uuid]);
    expect(byBatch.total).toBe(3);
    const byMetric = await listCheckpoints({ experimentId: a.experimentId!, sortByMetric: "loss", orderBy: "desc" });
    expect(byMetric.checkpoints.map((x) => x.uuid)).toEqual([c.uuid, a.uuid, b.uuid]);
    const byTrial = await listCheckpoints({ trialId: a.trialId!, sortBy: "searcherMetric" });
    expect(byTrial.checkpoints.map((x) => x.uuid)).toEqual([a.uuid]);
    const page = await listCheckpoints({ experimentId: a.experimentId!, sortBy: "batchNumber", offset: 1, limit: 1 });
    expect(page.checkpoints.map((x) => x.uuid)).toEqual([c.uuid]);
  });

  it("a checkpoint referenced by a version cannot be deleted; once free it can", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    const err = await deleteCheckpoint({ actor: admin, uuid: cp.uuid }).catch((e) => e);
    expect(err.code).toBe("FAILED_PRECONDITION");
    expect(err.message).toContain(m.name);
    expect(await currentStorage().exists(cp.uuid)).toBe(true);
    await deleteVersion({ actor: admin, model: m.name, version: 1 });
    await deleteCheckpoint({ actor: admin, uuid: cp.uuid });
    expect(await codeOf(getCheckpoint(cp.uuid))).toBe("NOT_FOUND");
    expect(await storedTraces(cp.uuid)).toEqual([]);
  });
});
