import type { FieldChange, THistoryEvent } from "@/lib/registry";

const MAX_VALUE_CHARS = 2000;

function relative(at: Date, now: Date): string {
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  const units: [number, string][] = [[86400 * 365, "year"], [86400 * 30, "month"], [86400, "day"], [3600, "hour"], [60, "minute"]];
  for (const [size, unit] of units) {
    const n = Math.floor(s / size);
    if (n >= 1) return `${n} ${unit}${n > 1 ? "s" : ""} ago`;
  }
  return "just now";
}

/** Values are shown as JSON text; React escapes it, so stored Markdown or HTML stays inert. */
function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 1);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}

function ChangeRow({ change }: { change: FieldChange }) {
  return (
    <tr className="border-t align-top">
      <th scope="row" className="p-1 pr-3 text-left font-mono font-normal text-slate-600">{change.field}</th>
      <td className="p-1 pr-3">
        {"before" in change ? <pre className="whitespace-pre-wrap break-all bg-red-50 px-1">{show(change.before)}</pre> : <span className="text-slate-400">(none)</span>}
      </td>
      <td className="p-1">
        {"after" in change ? <pre className="whitespace-pre-wrap break-all bg-green-50 px-1">{show(change.after)}</pre> : <span className="text-slate-400">(none)</span>}
      </td>
    </tr>
  );
}

/** A History tab: who changed what and when, newest first, with old and new values. */
export function HistoryList({ events, total, now = new Date() }: { events: THistoryEvent[]; total: number; now?: Date }) {
  if (!events.length) return <p className="text-sm text-slate-600">No changes recorded yet.</p>;
  return (
    <section aria-label="History">
      <ol className="space-y-2 text-sm">
        {events.map((e) => (
          <li key={e.id} className="rounded border bg-white p-2">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <span>{e.summary}</span>
              <time dateTime={e.at.toISOString()} title={e.at.toISOString()} className="text-xs text-slate-500">
                {relative(e.at, now)}
              </time>
            </div>
            {e.changes.length > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-slate-600">Show old and new values</summary>
                <table className="mt-1 w-full text-xs">
                  <thead>
                    <tr className="text-left text-slate-500"><th className="p-1">Field</th><th className="p-1">Before</th><th className="p-1">After</th></tr>
                  </thead>
                  <tbody>{e.changes.map((c, i) => <ChangeRow key={i} change={c} />)}</tbody>
                </table>
              </details>
            )}
          </li>
        ))}
      </ol>
      {total > events.length && <p className="mt-2 text-xs text-slate-500">Showing the latest {events.length} of {total} changes.</p>}
    </section>
  );
}
