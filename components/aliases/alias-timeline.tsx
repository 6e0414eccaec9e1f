import { RelativeTime } from "@/components/time/relative-time";
import { formatExact } from "@/lib/format";
import type { TAliasTimeline } from "@/lib/registry";

// Light fills with dark text (WCAG AA contrast); a version keeps its colour across aliases.
const FILLS = [
  "bg-indigo-100 text-indigo-900", "bg-emerald-100 text-emerald-900", "bg-amber-100 text-amber-900", "bg-sky-100 text-sky-900",
  "bg-rose-100 text-rose-900", "bg-violet-100 text-violet-900", "bg-lime-100 text-lime-900", "bg-orange-100 text-orange-900",
];
const fill = (version: number) => FILLS[version % FILLS.length];


/**
 * Which version each alias named over time, as a picture: one bar per alias, one
 * segment per stretch it named a version. Server-rendered HTML and CSS (no script, so
 * nothing is added to any page's JavaScript); every segment is focusable and carries
 * who set it, when and why as text, which hover and keyboard focus also show.
 */
export function AliasTimeline({ timelines, end, label = "Alias timeline" }: {
  timelines: TAliasTimeline[];
  /** The right edge: now, or the instant an "as of" view shows. */
  end: Date;
  label?: string;
}) {
  if (!timelines.length) return <p className="text-sm text-slate-600">No alias has been set on this model yet.</p>;
  const start = Math.min(...timelines.map((t) => t.segments[0].from.getTime()));
  const span = Math.max(end.getTime() - start, 1);
  const pct = (t: number) => `${(((t - start) / span) * 100).toFixed(3)}%`;
  return (
    <figure aria-label={label} className="space-y-2">
      <div className="space-y-3">
        {timelines.map((t) => (
          <div key={t.alias} className="grid grid-cols-[7rem_1fr] items-center gap-2 text-xs">
            <span className="truncate font-mono font-medium text-slate-800" id={`timeline-${t.alias}`}>{t.alias}</span>
            <ul aria-labelledby={`timeline-${t.alias}`} className="relative h-7 rounded bg-slate-100">
              {t.segments.map((s, i) => {
                const from = s.from.getTime();
                const to = Math.min((s.to ?? end).getTime(), end.getTime());
                const until = s.to && s.to.getTime() <= end.getTime() ? formatExact(s.to) : "now";
                const text = s.version === null
                  ? `${t.alias} named no version from ${formatExact(s.from)} to ${until}; removed by ${s.setBy}${s.reason ? `: “${s.reason}”` : ""}`
                  : `${t.alias} named version ${s.version} from ${formatExact(s.from)} to ${until}; set by ${s.setBy}${s.reason ? `: “${s.reason}”` : ""}`;
                // The text lives once, in aria-label; the tooltip shows it (CSS attr()), so a
                // long timeline does not carry every sentence twice in the page.
                return (
                  <li key={i} tabIndex={0} aria-label={text}
                    className={`alias-segment ${s.version === null ? "bg-transparent" : fill(s.version)}`}
                    style={{ left: pct(from), width: `calc(${pct(to)} - ${pct(from)})` }}>
                    <span aria-hidden="true" className="truncate px-1 font-medium">{s.version === null ? "" : `v${s.version}`}</span>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
      <figcaption className="flex justify-between pl-[7.5rem] text-xs text-slate-600">
        <span>from <RelativeTime date={new Date(start)} /></span>
        <span>to <RelativeTime date={end} /></span>
      </figcaption>
    </figure>
  );
}
