// The chart's point budget. The server picks the points in SQL
// (lib/registry/metrics/metric-series.ts); this is the same rule in plain code, for the
// unit tests that pin what it keeps and for series that are already in memory.

export type SeriesPoint = { version: number; time: number; value: number };

/**
 * Min/max per bucket: the points, in order, are cut into `buckets` runs of equal count;
 * each run keeps its lowest and highest value (ties: the lowest version), so every
 * extreme survives and a spike is never averaged away. The first and last points are
 * kept too. At most 2 x buckets + 2 points; series that fit are returned whole.
 */
export function minMaxDownsample(points: SeriesPoint[], buckets: number): SeriesPoint[] {
  if (points.length <= 2 * buckets) return points;
  const keep = new Set<number>([0, points.length - 1]);
  const min = new Array<number>(buckets).fill(-1), max = new Array<number>(buckets).fill(-1);
  for (let i = 0; i < points.length; i++) {
    // The same bucket as the SQL's ((row_number() - 1) * buckets / count).
    const b = Math.floor((i * buckets) / points.length);
    if (min[b] < 0 || points[i].value < points[min[b]].value) min[b] = i;
    if (max[b] < 0 || points[i].value > points[max[b]].value) max[b] = i;
  }
  for (let b = 0; b < buckets; b++) if (min[b] >= 0) keep.add(min[b]).add(max[b]);
  return [...keep].sort((a, b) => a - b).map((i) => points[i]);
}
