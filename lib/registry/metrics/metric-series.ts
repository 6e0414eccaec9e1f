import "server-only";
import { minMaxDownsample } from "../../compare/downsample";
import { decodeFloat8Array, decodeInt4Array } from "../../db/binary-array";
import { db } from "../../db/client";
import { ZMetricSeries, type TMetricSeries as TMetricSeriesInput } from "../../schemas/compare";
import { edge } from "../edge";
import { parse } from "../errors";
import { findModelOrThrow } from "../models/select";

export type TSeriesPoint = { version: number; time: Date; value: number; aliases: string[] };
export type TMetricSeries = {
  model: { id: number; name: string };
  metric: string;
  /** Versions whose checkpoint reports the metric as a number (before downsampling). */
  total: number;
  /** "none" when every point is here; "min-max" when each bucket kept only its extremes. */
  downsampling: "none" | "min-max";
  points: TSeriesPoint[];
};

/**
 * A validation metric across a model's versions, in version order, for the chart. When
 * the model has more versions than `points`, they are cut (in version order) into
 * points/2 buckets of equal count and each keeps its lowest and highest value (ties: the
 * lowest version), plus the first and last version: every extreme survives, at most
 * `points` + 2 points are sent (decision 076, lib/compare/downsample.ts).
 *
 * The values come from model_version_metrics (kept by triggers: one row per version and
 * numeric metric, decision 079): one index range in version order, read from the index
 * alone, sent as two binary arrays in one row (decoded in Node without parsing text), and
 * bucketed in one linear pass. Only the kept points' times, and the model's aliases, are read afterwards.
 */
export const metricSeries = edge(async function metricSeries(modelRef: string | number, input: TMetricSeriesInput): Promise<TMetricSeries> {
  const q = parse(ZMetricSeries, input);
  const model = await findModelOrThrow(db(), modelRef);
  const [agg] = await db().$queryRaw<{ v: Uint8Array | null; y: Uint8Array | null }[]>`
    SELECT array_send(array_agg(version)) AS v, array_send(array_agg(value)) AS y FROM (
      SELECT version, value FROM model_version_metrics
       WHERE model_id = ${model.id} AND metric = ${q.metric}
       ORDER BY version
    ) s`;
  const versions = decodeInt4Array(agg?.v), values = decodeFloat8Array(agg?.y);
  const all = versions.map((version, i) => ({ version, time: 0, value: values[i] }));
  const kept = minMaxDownsample(all, Math.floor(q.points / 2));
  const [rows, aliasRows] = kept.length ? await Promise.all([
    db().$queryRaw<{ version: number; time: Date }[]>`
      SELECT version, creation_time AS time FROM model_versions
       WHERE model_id = ${model.id} AND version = ANY(${kept.map((p) => p.version)}::int[])`,
    // A model has a handful of aliases: all of them at once, rather than a lookup per point.
    db().$queryRaw<{ version: number; aliases: string[] }[]>`
      SELECT version, array_agg(alias ORDER BY alias) AS aliases FROM model_aliases
       WHERE model_id = ${model.id} AND version IS NOT NULL GROUP BY version`,
  ]) : [[], []];
  const times = new Map(rows.map((r) => [r.version, r.time]));
  const aliases = new Map(aliasRows.map((r) => [r.version, r.aliases]));
  return {
    model: { id: model.id, name: model.name },
    metric: q.metric,
    total: all.length,
    downsampling: kept.length < all.length ? "min-max" : "none",
    points: kept.flatMap((p) => {
      const time = times.get(p.version);
      return time ? [{ version: p.version, time, value: p.value, aliases: aliases.get(p.version) ?? [] }] : [];
    }),
  };
});
