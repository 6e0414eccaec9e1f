import Link from "next/link";
import type { TCheckpoint } from "@/lib/registry";
import { formatBytes, formatMetric } from "@/lib/format";
import { RelativeTime } from "@/components/time/relative-time";
import { StateBadge } from "@/components/checkpoints/checkpoint-state-badge";
import { averages } from "@/components/checkpoints/checkpoint-details";
import { RegisteredAsList, type Registration } from "@/components/checkpoints/registered-as-list";
import { ClickableRow } from "./clickable-row";
import { SortHeader } from "./sort-header";
import { hrefWith, metricKey, sortHref, type SortKey, type SortState } from "@/lib/url/checkpoint-sort";

type Params = Record<string, string | string[] | undefined>;
type Registered = Map<string, Registration[]>;

/** A cell lists this many registrations, then "N more", which opens the checkpoint with all of them. */
const REGISTERED_IN_TABLE = 3;

export function CheckpointTable({ path, params, sort, checkpoints, registered, metricNames, searcherMetric }: {
  path: string;
  params: Params;
  sort: SortState;
  checkpoints: TCheckpoint[];
  registered: Registered;
  metricNames: string[];
  searcherMetric: string | null;
}) {
  if (checkpoints.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
        No checkpoints reported for this {params.trial ? "trial" : "experiment"} yet.
      </div>
    );
  }
  const header = (key: SortKey, label: React.ReactNode, align?: "right") => (
    <SortHeader href={sortHref(path, params, sort, key)} active={sort.key === key} order={sort.order} align={align}>{label}</SortHeader>
  );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">Checkpoints of this experiment; select one to see its details and register it</caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-3 py-2 text-left font-medium">Checkpoint</th>
            {header("trial", "Trial")}
            {header("batch", "Batch", "right")}
            {header("state", "State")}
            {metricNames.map((m) => (
              <SortHeader key={m} href={sortHref(path, params, sort, metricKey(m))} active={sort.key === metricKey(m)} order={sort.order} align="right">
                <span className="font-mono text-xs">{m}</span>
                {m === searcherMetric && <span className="sr-only"> (searcher metric)</span>}
                {m === searcherMetric && <span aria-hidden="true" title="Searcher metric" className="text-indigo-700">★</span>}
              </SortHeader>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-medium">Size</th>
            <th scope="col" className="px-3 py-2 text-left font-medium">Registered as</th>
            {header("reported", "Reported")}
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((cp) => {
            const href = hrefWith(path, params, { checkpoint: cp.uuid, registrations: undefined });
            const metrics = averages(cp.validationMetrics);
            const versions = registered.get(cp.uuid) ?? [];
            return (
              <ClickableRow key={cp.uuid} href={href} className="border-b border-slate-100 last:border-0 hover:bg-indigo-50/50">
                <td className="px-3 py-2">
                  <Link href={href} scroll={false} className="link font-mono" aria-label={`Checkpoint ${cp.uuid.slice(0, 8)}, trial ${cp.trialId ?? "none"}, batch ${cp.batchNumber ?? "unknown"}`}>
                    {cp.uuid.slice(0, 8)}
                  </Link>
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {cp.trialId === null ? "—" : params.trial ? cp.trialId : (
                    <Link href={hrefWith(path, params, { trial: String(cp.trialId), page: undefined, checkpoint: undefined })} scroll={false}
                      className="link" aria-label={`Show only trial ${cp.trialId}`}>
                      {cp.trialId}
                    </Link>
                  )}
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{cp.batchNumber ?? "—"}</td>
                <td className="px-3 py-2"><StateBadge state={cp.state} /></td>
                {metricNames.map((m) => (
                  <td key={m} className={`px-3 py-2 text-right font-mono tabular-nums ${m === searcherMetric ? "font-semibold" : ""}`}>{formatMetric(metrics[m])}</td>
                ))}
                <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums">{cp.totalSize ? formatBytes(cp.totalSize) : "—"}</td>
                <td className="px-3 py-2">
                  {versions.length === 0 ? <span className="text-slate-500">—</span> : (
                    <RegisteredAsList registrations={versions} limit={REGISTERED_IN_TABLE} allHref={hrefWith(path, params, { checkpoint: cp.uuid, registrations: "all" })} />
                  )}
                </td>
                <td className="px-3 py-2 whitespace-nowrap"><RelativeTime date={cp.reportTime} /></td>
              </ClickableRow>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
