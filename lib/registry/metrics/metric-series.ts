import "server-only";
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
 * the model has more versions than `points`, PostgreSQL cuts them (in version order)
 * into points/2 buckets of equal count and keeps each bucket's lowest and highest value
 * (ties: the lowest version), plus the first and last version: every extreme survives,
 * and at most `points` + 2 rows leave the database (decision 076). The same rule in plain
 * code is lib/compare/downsample.ts. A metric reported under avgMetrics (Determined's
 * shape) or flat both count; values that are not numbers are skipped.
 */
export const metricSeries = edge(async function metricSeries(modelRef: string | number, input: TMetricSeriesInput): Promise<TMetricSeries> {
  const q = parse(ZMetricSeries, input);
  const model = await findModelOrThrow(db(), modelRef);
  const buckets = Math.floor(q.points / 2);
  const rows = await db().$queryRaw<{ version: number; time: Date; value: number; total: number; aliases: string[] | null }[]>`
    WITH s AS (
      SELECT v.version, v.creation_time AS time, (m.x)::float8 AS value
        FROM model_versions v
        JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
        CROSS JOIN LATERAL (SELECT COALESCE(c.validation_metrics -> 'avgMetrics' -> ${q.metric}, c.validation_metrics -> ${q.metric}) AS x) m
       WHERE v.model_id = ${model.id} AND jsonb_typeof(m.x) = 'number'
    ), n AS (SELECT count(*)::int AS total FROM s),
    b AS (
      SELECT s.*, ((row_number() OVER (ORDER BY version) - 1) * ${buckets} / n.total) AS bucket, n.total
        FROM s, n
    ), picked AS (
      SELECT version FROM b WHERE total <= ${q.points}
      UNION
      SELECT (min(ARRAY[value, version]))[2]::int FROM b WHERE total > ${q.points} GROUP BY bucket
      UNION
      SELECT -(max(ARRAY[value, -version]))[2]::int FROM b WHERE total > ${q.points} GROUP BY bucket
      UNION
      SELECT min(version) FROM b WHERE total > ${q.points}
      UNION
      SELECT max(version) FROM b WHERE total > ${q.points}
    )
    SELECT s.version, s.time, s.value, (SELECT total FROM n) AS total,
           (SELECT array_agg(a.alias ORDER BY a.alias) FROM model_aliases a WHERE a.model_id = ${model.id} AND a.version = s.version) AS aliases
      FROM picked JOIN s USING (version)
     ORDER BY s.version`;
  const total = rows[0]?.total ?? 0;
  return {
    model: { id: model.id, name: model.name },
    metric: q.metric,
    total,
    downsampling: total > q.points ? "min-max" : "none",
    points: rows.map((r) => ({ version: r.version, time: r.time, value: Number(r.value), aliases: r.aliases ?? [] })),
  };
});
