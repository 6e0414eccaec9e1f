"use client";

import dynamic from "next/dynamic";
import { useEffect, useId, useRef, useState } from "react";
import { loadMetricNamesAction, loadMetricSeriesAction, type ChartSeries } from "@/app/models/[name]/chart-actions";
import { Alert } from "@/components/ui/alert";
import { Skeleton } from "@/components/ui/skeleton";

// Recharts and the chart's own code load only when the section nears the viewport
// (decision 077): pages without a chart, and visits that never scroll to it, never fetch them.
const MetricChart = dynamic(() => import("./metric-chart").then((m) => m.MetricChart), {
  ssr: false,
  loading: () => <ChartSkeleton />,
});

function ChartSkeleton() {
  return <div role="status" aria-label="Loading chart"><Skeleton className="h-72" /></div>;
}

export type XAxisMode = "version" | "time";

/** The model page's "Metrics across versions" chart: a metric picker, an x-axis toggle, the chart. */
export function MetricChartSection({ modelId, modelName }: { modelId: number; modelName: string }) {
  const ref = useRef<HTMLElement>(null);
  const [near, setNear] = useState(false);
  const [names, setNames] = useState<string[] | null>(null);
  const [metric, setMetric] = useState("");
  const [x, setX] = useState<XAxisMode>("version");
  const [series, setSeries] = useState<ChartSeries | null>(null);
  const [error, setError] = useState("");
  const id = useId();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { setNear(true); io.disconnect(); }
    }, { rootMargin: "300px" });
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!near) return;
    let live = true;
    void loadMetricNamesAction(modelId).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.message);
      setNames(r.data);
      if (r.data.length) setMetric(r.data[0]);
    });
    return () => { live = false; };
  }, [near, modelId]);

  useEffect(() => {
    if (!metric) return;
    let live = true;
    void loadMetricSeriesAction(modelId, metric).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.message);
      setError("");
      setSeries(r.data);
    });
    return () => { live = false; };
  }, [metric, modelId]);

  return (
    <section ref={ref} aria-labelledby={`${id}-h`} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-h`} className="text-lg font-semibold">Metrics across versions</h2>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {names === null && !error ? <ChartSkeleton /> : null}
      {names !== null && names.length === 0 ? (
        <p className="text-sm text-slate-600">No version of this model has a numeric validation metric to chart yet.</p>
      ) : null}
      {names !== null && names.length > 0 ? (
        <>
          <div className="flex flex-wrap items-end gap-4">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-metric`} className="text-sm font-medium text-slate-700">Metric</label>
              <select
                id={`${id}-metric`}
                value={metric}
                onChange={(e) => setMetric(e.target.value)}
                className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
              >
                {names.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </div>
            <fieldset className="flex items-center gap-3 text-sm">
              <legend className="mb-1 font-medium text-slate-700">X axis</legend>
              {(["version", "time"] as const).map((mode) => (
                <label key={mode} className="inline-flex items-center gap-1">
                  <input type="radio" name={`${id}-x`} value={mode} checked={x === mode} onChange={() => setX(mode)} />
                  {mode === "version" ? "Version number" : "Registration time"}
                </label>
              ))}
            </fieldset>
            {series ? (
              <p className="text-xs text-slate-600" aria-live="polite">
                {series.downsampling === "min-max"
                  ? `${series.points.length.toLocaleString("en-US")} of ${series.total.toLocaleString("en-US")} versions shown: each stretch keeps its lowest and highest value.`
                  : `${series.total.toLocaleString("en-US")} version${series.total === 1 ? "" : "s"} report ${series.metric}.`}
              </p>
            ) : null}
          </div>
          {series && series.metric === metric ? <MetricChart series={series} x={x} modelName={modelName} /> : <ChartSkeleton />}
        </>
      ) : null}
    </section>
  );
}
