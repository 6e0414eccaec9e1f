"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { createContext, useContext, useId, useMemo, useState, type KeyboardEvent } from "react";
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, XAxis, YAxis } from "recharts";
import type { ChartPoint, ChartSeries } from "@/app/models/[name]/chart-actions";
import type { XAxisMode } from "./metric-chart-section";

const versionHref = (model: string, v: number) => `/models/${encodeURIComponent(model)}/versions/${v}`;
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : Number(v.toPrecision(5)).toString());
const day = (t: number) => new Date(t).toISOString().slice(0, 16).replace("T", " ");
const DAY_MS = 86_400_000;

type Dot = ChartPoint & { x: number; i: number };

type DotState = {
  active: number | null; idPrefix: string; href: (v: number) => string; label: (d: Dot) => string;
  go: (v: number) => void; hover: (i: number) => void;
};
// The dots read what changes (which is active) from context, so the shape function handed
// to recharts stays the same. Recharts may re-create a dot's DOM node on a re-render, so
// keyboard focus stays on the chart's wrapper, which points at the active dot with
// aria-activedescendant (ids are stable), rather than on the dots themselves.
const DotContext = createContext<DotState | null>(null);

function ChartDot({ cx, cy, payload }: { cx?: number; cy?: number; payload: Dot }) {
  const s = useContext(DotContext)!;
  if (cx === undefined || cy === undefined) return <g />;
  const on = s.active === payload.i;
  return (
    <a
      href={s.href(payload.version)}
      id={`${s.idPrefix}-${payload.i}`}
      tabIndex={-1}
      aria-label={s.label(payload)}
      onClick={(e) => { e.preventDefault(); s.go(payload.version); }}
      onMouseEnter={() => s.hover(payload.i)}
      className="cursor-pointer outline-none"
    >
      <circle cx={cx} cy={cy} r={on ? 6 : 3.5} fill={on ? "#3730a3" : "#4f46e5"} stroke={on ? "#0f172a" : "none"} strokeWidth={2} />
      {payload.aliases.length ? <circle cx={cx} cy={cy} r={8} fill="none" stroke="#b45309" strokeWidth={1.5} /> : null}
    </a>
  );
}

const renderDot = (props: unknown) => <ChartDot {...(props as { cx?: number; cy?: number; payload: Dot })} />;

/**
 * The chart itself (recharts). Each point is a link to its version: the mouse clicks it;
 * the keyboard reaches the chart with one Tab stop (arrows move between points,
 * Shift+arrows by ten, Home/End jump, Enter follows). Hover and focus both fill the readout above the
 * chart with the version, value and aliases, in text.
 */
export function MetricChart({ series, x, modelName }: { series: ChartSeries; x: XAxisMode; modelName: string }) {
  const router = useRouter();
  const id = useId();
  const data: Dot[] = useMemo(() => series.points.map((p, i) => ({ ...p, x: x === "version" ? p.version : p.time, i })), [series, x]);
  const [active, setActive] = useState<number | null>(null);
  const spanMs = data.length ? data[data.length - 1].time - data[0].time : 0;
  const current = active === null ? null : data[active] ?? null;

  const onKey = (e: KeyboardEvent) => {
    const at = active ?? data.length - 1;
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, number> = { ArrowRight: at + step, ArrowUp: at + step, ArrowLeft: at - step, ArrowDown: at - step, Home: 0, End: data.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setActive(Math.max(0, Math.min(data.length - 1, moves[e.key])));
    } else if (e.key === "Enter" && active !== null && data[active]) {
      e.preventDefault();
      router.push(versionHref(modelName, data[active].version));
    }
  };

  const label = (d: Dot) => `Version ${d.version}: ${series.metric} ${fmt(d.value)}${d.aliases.length ? `, aliases ${d.aliases.join(", ")}` : ""}, registered ${day(d.time)}`;

  const dots: DotState = {
    active, label, idPrefix: id,
    href: (v) => versionHref(modelName, v),
    go: (v) => router.push(versionHref(modelName, v)),
    hover: (i) => setActive(i),
  };

  return (
    <DotContext.Provider value={dots}>
    <div className="space-y-2">
      <p id={`${id}-readout`} aria-live="polite" className="min-h-5 text-sm text-slate-800">
        {current ? (
          <>
            <strong>Version {current.version}</strong> · {series.metric} <span className="tabular-nums">{fmt(current.value)}</span>
            {current.aliases.length ? <> · aliases: {current.aliases.join(", ")}</> : null} · registered {day(current.time)}
            {" "}<Link className="link" href={versionHref(modelName, current.version)}>Open version {current.version}</Link>
          </>
        ) : <span className="text-slate-600">Point at a dot, or Tab to the chart and use the arrow keys, to read a version; click it or press Enter to open it.</span>}
      </p>
      <div
        role="group"
        tabIndex={0}
        aria-label={`${series.metric} by ${x === "version" ? "version number" : "registration time"}; arrow keys choose a version, Enter opens it`}
        aria-activedescendant={current ? `${id}-${current.i}` : undefined}
        onKeyDown={onKey}
        onFocus={() => setActive((a) => a ?? data.length - 1)}
        className="h-72 w-full rounded outline-none focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:ring-offset-2"
      >
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 8 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e2e8f0" />
            <XAxis
              type="number" dataKey="x" domain={["dataMin", "dataMax"]} name={x === "version" ? "Version" : "Registered"}
              tickFormatter={(v: number) => (x === "version" ? String(v) : spanMs < 2 * DAY_MS ? day(v).slice(11) : day(v).slice(0, 10))}
              stroke="#475569" tick={{ fontSize: 12 }}
            />
            <YAxis type="number" dataKey="value" domain={["auto", "auto"]} name={series.metric} tickFormatter={fmt} stroke="#475569" tick={{ fontSize: 12 }} width={72} />
            <Scatter
              data={data} isAnimationActive={false} line={{ stroke: "#94a3b8", strokeWidth: 1 }} lineType="joint"
              shape={renderDot}
            />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
      <p className="text-xs text-slate-600">Ringed points carry an alias.</p>
    </div>
    </DotContext.Provider>
  );
}
