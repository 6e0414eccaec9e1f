import "server-only";
import { minMaxDownsample } from "../../compare/downsample";
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
 * PostgreSQL extracts the metric (under avgMetrics, Determined's shape, or flat; values
 * that are not numbers are skipped) and returns the whole series as two arrays in one
 * row: 100,000 rows' worth of (version, value) cross the wire as one value, and the
 * bucketing is one linear pass in Node. Only the kept points' times and aliases are read
 * afterwards. Bucketing in SQL instead (window sort, per-bucket min/max, join back)
 * measured about twice as slow (decision 076).
 */
export const metricSeries = edge(async function metricSeries(modelRef: string | number, input: TMetricSeriesInput): Promise<TMetricSeries> {
  const q = parse(ZMetricSeries, input);
  const model = await findModelOrThrow(db(), modelRef);
  // As array text ("{1,2,3}"): one string each, split in Node, is far cheaper than a
  // driver-parsed array of 100,000 elements.
  const [agg] = await db().$queryRaw<{ v: string | null; y: string | null }[]>`
    SELECT array_agg(version ORDER BY version)::text AS v, array_agg(value ORDER BY version)::text AS y FROM (
      SELECT v.version, CASE WHEN jsonb_typeof(m.x) = 'number' THEN (m.x)::float8 END AS value
        FROM model_versions v
        JOIN checkpoints c ON c.uuid = v.checkpoint_uuid,
             -- OFFSET 0 keeps the extraction a subquery, evaluated once per row.
             LATERAL (SELECT COALESCE(c.validation_metrics -> 'avgMetrics' -> ${q.metric}, c.validation_metrics -> ${q.metric}) AS x OFFSET 0) m
       WHERE v.model_id = ${model.id}
    ) s WHERE value IS NOT NULL`;
  const list = (text: string | null | undefined) => (text && text.length > 2 ? text.slice(1, -1).split(",") : []);
  const versions = list(agg?.v), values = list(agg?.y);
  const all = versions.map((version, i) => ({ version: Number(version), time: 0, value: Number(values[i]) }));
  const kept = minMaxDownsample(all, Math.floor(q.points / 2));
  const rows = kept.length ? await db().$queryRaw<{ version: number; time: Date; aliases: string[] | null }[]>`
    SELECT v.version, v.creation_time AS time,
           (SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.model_id = v.model_id AND a.version = v.version) AS aliases
      FROM model_versions v
     WHERE v.model_id = ${model.id} AND v.version = ANY(${kept.map((p) => p.version)}::int[])` : [];
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  return {
    model: { id: model.id, name: model.name },
    metric: q.metric,
    total: all.length,
    downsampling: kept.length < all.length ? "min-max" : "none",
    points: kept.flatMap((p) => {
      const r = byVersion.get(p.version);
      return r ? [{ version: p.version, time: r.time, value: p.value, aliases: r.aliases ?? [] }] : [];
    }),
  };
});
