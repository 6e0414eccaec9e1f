import { formatMetric } from "@/lib/format";

/** A small two-column table (hyperparameters, metrics). `highlight` marks one key. */
export function KeyValueTable({ caption, rows, empty, highlight, keyHeader = "Name", valueHeader = "Value", headingLevel = 3 }: {
  caption: string;
  rows: Record<string, unknown>;
  empty: string;
  highlight?: string | null;
  keyHeader?: string;
  valueHeader?: string;
  headingLevel?: 2 | 3 | 4;
}) {
  const H = `h${headingLevel}` as "h2" | "h3" | "h4";
  const entries = Object.entries(rows);
  return (
    <section className="min-w-0">
      <H className="mb-1 text-sm font-semibold text-slate-800">{caption}</H>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full text-sm">
          <caption className="sr-only">{caption}</caption>
          <thead className="sr-only">
            <tr><th scope="col">{keyHeader}</th><th scope="col">{valueHeader}</th></tr>
          </thead>
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="py-1 pr-3 text-left font-normal break-all text-slate-600">
                  {k}
                  {highlight === k && <>{" "}<span className="text-xs text-indigo-700">(searcher)</span></>}
                </th>
                <td className="py-1 text-right font-mono break-all text-slate-900">{formatMetric(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
