// Checkpoint metrics of several versions side by side, each against the first. Pure.
import { flipDirection, metricDelta, metricDirection, verdict, type MetricDirection, type MetricVerdict } from "./metric-direction";

type Obj = Record<string, unknown>;
export type MetricSource = { validationMetrics: Obj; trainingMetrics: Obj; searcherMetricName: string | null; smallerIsBetter?: boolean | null };
export type MetricCell = { value: number | null; raw: unknown; abs: number | null; pct: number | null; verdict: MetricVerdict };
export type MetricRow = {
  group: "validation" | "training";
  name: string;
  direction: MetricDirection | null;
  /** Where the direction came from: the experiment's setting, the metric's name, or the user's flip. */
  directionFrom: "experiment" | "name" | "flipped" | null;
  cells: MetricCell[];
  differs: boolean;
};

/** Determined nests averages under avgMetrics; older reports are flat. */
export function averageMetrics(metrics: Obj): Obj {
  const avg = metrics.avgMetrics;
  if (avg && typeof avg === "object" && !Array.isArray(avg)) return avg as Obj;
  const { batchMetrics: _batches, ...rest } = metrics;
  return rest;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

export function metricsTable(sources: MetricSource[], flipped: readonly string[] = []): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const group of ["validation", "training"] as const) {
    const maps = sources.map((s) => averageMetrics((group === "validation" ? s.validationMetrics : s.trainingMetrics) ?? {}));
    const names = [...new Set(maps.flatMap((m) => Object.keys(m)))].sort((a, b) => a.localeCompare(b));
    // The searcher metric first: it is what the experiment optimised.
    const searcher = sources[0]?.searcherMetricName;
    if (group === "validation" && searcher && names.includes(searcher)) {
      names.splice(names.indexOf(searcher), 1);
      names.unshift(searcher);
    }
    for (const name of names) {
      const guessed = metricDirection(name, { searcherMetric: sources[0]?.searcherMetricName, smallerIsBetter: sources[0]?.smallerIsBetter });
      const fromExperiment = name === sources[0]?.searcherMetricName && typeof sources[0]?.smallerIsBetter === "boolean";
      const isFlipped = flipped.includes(name);
      const direction = isFlipped ? flipDirection(guessed) : guessed;
      const base = num(maps[0][name]);
      const cells = maps.map((m): MetricCell => {
        const value = num(m[name]);
        const { abs, pct } = metricDelta(base, value);
        return { value, raw: m[name] ?? null, abs, pct, verdict: verdict(base, value, direction) };
      });
      const differs = cells.some((c) => JSON.stringify(c.raw) !== JSON.stringify(cells[0].raw));
      rows.push({
        group, name, direction, cells, differs,
        directionFrom: direction === null ? null : isFlipped ? "flipped" : fromExperiment ? "experiment" : "name",
      });
    }
  }
  return rows;
}
