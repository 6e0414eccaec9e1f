import type { THistoryEvent } from "@/lib/registry";
import { ChangeDetails } from "./change-details";
import { SummaryText } from "./summary-text";

function relative(at: Date, now: Date): string {
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  const units: [number, string][] = [[86400 * 365, "year"], [86400 * 30, "month"], [86400, "day"], [3600, "hour"], [60, "minute"]];
  for (const [size, unit] of units) {
    const n = Math.floor(s / size);
    if (n >= 1) return `${n} ${unit}${n > 1 ? "s" : ""} ago`;
  }
  return "just now";
}

/** A History tab: who changed what and when, newest first, with old and new values on request. */
export function HistoryList({ events, total, now = new Date() }: { events: THistoryEvent[]; total: number; now?: Date }) {
  if (!events.length) return <p className="text-sm text-slate-600">No changes recorded yet.</p>;
  return (
    <div>
      <ol className="space-y-2 text-sm" aria-label="Changes, newest first">
        {events.map((e) => (
          <li key={e.id} className="rounded border border-slate-200 bg-white p-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span><SummaryText text={e.summary} /></span>
              <time dateTime={e.at.toISOString()} title={e.at.toISOString()} className="text-xs text-slate-600">
                {relative(e.at, now)}
              </time>
            </div>
            {e.changes.length > 0 && <ChangeDetails changes={e.changes} />}
          </li>
        ))}
      </ol>
      {total > events.length && <p className="mt-2 text-xs text-slate-500">Showing the latest {events.length} of {total} changes.</p>}
    </div>
  );
}
