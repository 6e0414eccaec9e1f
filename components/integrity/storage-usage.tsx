import { formatBytes } from "@/lib/format";
import type { TStorageUsage, TUsageFigure } from "@/lib/registry";

const ROWS: Array<[keyof TStorageUsage, string]> = [
  ["stored", "All stored checkpoints"],
  ["referenced", "Referenced by model versions"],
  ["unreferenced", "Not referenced by any version"],
];

const count = (f: TUsageFigure) => `${f.checkpoints.toLocaleString("en-US")} checkpoint${f.checkpoints === 1 ? "" : "s"}`;

/** The registry's checkpoint storage usage (docs/decisions/095-storage-usage.md), read when the page renders. */
export function StorageUsage({ usage, location }: { usage: TStorageUsage; location: string }) {
  return (
    <section aria-labelledby="usage-heading" className="space-y-2">
      <h2 id="usage-heading" className="text-lg font-semibold">Usage</h2>
      <p className="text-sm text-slate-700">New checkpoints are stored in <code className="break-all">{location}</code>.</p>
      <dl className="grid grid-cols-[max-content_max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {ROWS.map(([key, label]) => (
          <div key={key} className="contents" data-testid={`usage-${key}`}>
            <dt className="font-medium">{label}</dt>
            <dd title={`${usage[key].bytes.toLocaleString("en-US")} bytes`}>{formatBytes(usage[key].bytes)}</dd>
            <dd className="text-slate-600">{count(usage[key])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
