// model_version_metrics (decision 079): kept by triggers for every writer, read by the
// metric chart and its picker. These tests change versions and checkpoints through the
// domain and through plain SQL (an operator, a bulk load) and check the chart still reads
// what the checkpoints say.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import { deleteModel, deleteVersion, listModelMetricNames, metricSeries, registerVersion, reportCheckpoint } from "@/lib/registry";
import { admin, makeModel, uniq } from "../support/factories";

async function checkpoint(metrics: Record<string, unknown>) {
  return reportCheckpoint({ actor: admin, input: {
    experiment: { name: uniq("exp"), searcherMetric: "validation_loss" },
    state: "COMPLETED", framework: "torch-2.4", format: "pytorch", validationMetrics: metrics,
  } });
}

/** The table's rows for a model, as [version, metric, value], in order. */
async function rows(modelId: number) {
  const r = await db().$queryRaw<{ version: number; metric: string; value: number }[]>`
    SELECT version, metric, value FROM model_version_metrics WHERE model_id = ${modelId} ORDER BY version, metric`;
  return r.map((x) => [x.version, x.metric, x.value]);
}

const values = async (model: number, metric: string) => (await metricSeries(model, { metric })).points.map((p) => [p.version, p.value]);

describe("model_version_metrics", () => {
  it("holds each registered version's numeric metrics, avgMetrics first, and drops them with the version and the model", async () => {
    const m = await makeModel();
    const a = await checkpoint({ avgMetrics: { validation_loss: 0.5, accuracy: 0.9, note: "n/a" }, batchMetrics: [], validation_loss: 7 });
    const b = await checkpoint({ validation_loss: -0.25, f1: 3, nested: { x: 1 }, flag: true });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: b.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    expect(await rows(m.id)).toEqual([
      [1, "accuracy", 0.9], [1, "validation_loss", 0.5],
      [2, "f1", 3], [2, "validation_loss", -0.25],
      [3, "accuracy", 0.9], [3, "validation_loss", 0.5],
    ]);
    // The searcher metric of the latest version's experiment first, then by name.
    expect(await listModelMetricNames(m.id)).toEqual(["validation_loss", "accuracy", "f1"]);

    await deleteVersion({ actor: admin, model: m.id, version: 2 });
    expect(await rows(m.id)).toEqual([[1, "accuracy", 0.9], [1, "validation_loss", 0.5], [3, "accuracy", 0.9], [3, "validation_loss", 0.5]]);
    expect(await listModelMetricNames(m.id)).toEqual(["validation_loss", "accuracy"]);

    await deleteModel({ actor: admin, model: m.id });
    expect(await rows(m.id)).toEqual([]);
  });

  it("follows a checkpoint's metrics and a version's checkpoint when SQL changes them", async () => {
    const m = await makeModel();
    const a = await checkpoint({ validation_loss: 0.5 });
    const b = await checkpoint({ validation_loss: 0.1, recall: 0.7 });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    expect(await values(m.id, "validation_loss")).toEqual([[1, 0.5], [2, 0.5]]);

    // Both versions point at the changed checkpoint.
    await db().$executeRaw`UPDATE checkpoints SET validation_metrics = '{"avgMetrics": {"validation_loss": 0.4, "auc": 0.8}}' WHERE uuid = ${a.uuid}::uuid`;
    expect(await values(m.id, "validation_loss")).toEqual([[1, 0.4], [2, 0.4]]);
    expect(await listModelMetricNames(m.id)).toEqual(["validation_loss", "auc"]);

    await db().$executeRaw`UPDATE model_versions SET checkpoint_uuid = ${b.uuid}::uuid WHERE model_id = ${m.id} AND version = 2`;
    expect(await values(m.id, "validation_loss")).toEqual([[1, 0.4], [2, 0.1]]);
    expect(await values(m.id, "auc")).toEqual([[1, 0.8]]);
    expect(await values(m.id, "recall")).toEqual([[2, 0.7]]);

    // Edits that change no metric source leave the rows as they were (same row versions).
    const xmins = () => db().$queryRaw<{ x: string }[]>`SELECT xmin::text AS x FROM model_version_metrics WHERE model_id = ${m.id} ORDER BY version, metric`;
    const before = await xmins();
    await db().$executeRaw`UPDATE model_versions SET labels = ARRAY['x'], checkpoint_uuid = checkpoint_uuid WHERE model_id = ${m.id}`;
    await db().$executeRaw`UPDATE checkpoints SET validation_metrics = validation_metrics, state = 'COMPLETED' WHERE uuid = ${b.uuid}::uuid`;
    expect(await xmins()).toEqual(before);
    expect(await values(m.id, "validation_loss")).toEqual([[1, 0.4], [2, 0.1]]);
  });

  it("skips numbers a float cannot hold, instead of refusing the version", async () => {
    const m = await makeModel();
    const cp = await checkpoint({ validation_loss: 1 });
    await db().$executeRaw`UPDATE checkpoints SET validation_metrics = '{"huge": 1e400, "tiny": 1e-400, "ok": 2.5e-300, "neg": -1.5e300}' WHERE uuid = ${cp.uuid}::uuid`;
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    expect(await rows(m.id)).toEqual([[1, "neg", -1.5e300], [1, "ok", 2.5e-300], [1, "tiny", 0]]);
  });

  it("a bulk INSERT ... SELECT of versions is charted, and the SQL-fed downsampling keeps every bucket's minimum and maximum", async () => {
    const m = await makeModel();
    const n = 5000, points = 100, buckets = points / 2;
    const exp = await checkpoint({ validation_loss: 0 });
    const { experimentId } = (await db().checkpoint.findUniqueOrThrow({ where: { uuid: exp.uuid }, select: { experimentId: true } }));
    // One checkpoint per version, values from a noisy wave with repeats (ties) and spikes,
    // both signs and full float precision; then all versions in one statement.
    await db().$executeRaw`
      INSERT INTO checkpoints (uuid, state, experiment_id, validation_metrics)
      SELECT md5(${m.name} || i)::uuid, 'COMPLETED', ${experimentId},
             jsonb_build_object('loss', CASE WHEN i % 7 = 0 THEN round(sin(i)::numeric, 1)::float8
                                             WHEN i = 4321 THEN 1e6 WHEN i = 17 THEN -1e6
                                             ELSE sin(i / 50.0) * 3 + cos(i * 1.7) / 3 END)
        FROM generate_series(1, ${n}) i`;
    await db().$executeRaw`
      INSERT INTO model_versions (model_id, version, checkpoint_uuid, user_id)
      SELECT ${m.id}, i, md5(${m.name} || i)::uuid, ${admin.userId} FROM generate_series(1, ${n}) i`;

    // The truth, read straight from the checkpoints' JSON (float8 text round-trips exactly).
    const truth = (await db().$queryRaw<{ version: number; value: string }[]>`
      SELECT v.version, (c.validation_metrics ->> 'loss') AS value FROM model_versions v JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
       WHERE v.model_id = ${m.id} ORDER BY v.version`).map((r) => ({ version: r.version, value: Number(r.value) }));
    expect(truth).toHaveLength(n);

    const whole = await metricSeries(m.id, { metric: "loss", points: 2000 });
    expect(whole).toMatchObject({ total: n, downsampling: "min-max" });

    const s = await metricSeries(m.id, { metric: "loss", points });
    expect(s).toMatchObject({ total: n, downsampling: "min-max" });
    const kept = new Map(s.points.map((p) => [p.version, p.value]));
    // Every kept point carries the checkpoint's exact value.
    for (const [version, value] of kept) expect(value).toBe(truth[version - 1].value);
    // Each bucket's first minimum and first maximum is there, and nothing else but the ends.
    const expected = new Set([1, n]);
    for (let b = 0; b < buckets; b++) {
      const slice = truth.slice(Math.ceil((b * n) / buckets), Math.ceil(((b + 1) * n) / buckets));
      const lo = slice.reduce((x, y) => (y.value < x.value ? y : x));
      const hi = slice.reduce((x, y) => (y.value > x.value ? y : x));
      expected.add(lo.version).add(hi.version);
    }
    expect([...kept.keys()]).toEqual([...expected].sort((a, b) => a - b));
    expect(kept.get(4321)).toBe(1e6);
    expect(kept.get(17)).toBe(-1e6);
    expect(s.points.every((p) => p.time instanceof Date)).toBe(true);
  });
});
