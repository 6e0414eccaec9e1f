import Link from "next/link";
import { AliasChip } from "@/components/aliases/alias-chip";
import { averages } from "@/components/checkpoints/checkpoint-details";
import { RelativeTime } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { formatMetric } from "@/lib/format";
import type { TModelVersion } from "@/lib/registry";

/** The experiment's searcher metric for this checkpoint; older reports only have it among the validation metrics. */
function keyMetric(cp: TModelVersion["checkpoint"]): unknown {
  if (cp.searcherMetric !== null) return cp.searcherMetric;
  return cp.searcherMetricName ? averages(cp.validationMetrics)[cp.searcherMetricName] ?? null : null;
}

export const versionHref = (modelName: string, version: number) => `/models/${encodeURIComponent(modelName)}/versions/${version}`;

/** A model's versions from one listVersions query (checkpoint and experiment come joined). */
export function VersionsTable({ modelName, versions, protectedAliases = [] }: { modelName: string; versions: TModelVersion[]; protectedAliases?: string[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[56rem] text-sm">
        <caption className="sr-only">Versions of {modelName}, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="w-10 px-3 py-2 font-medium"><span className="sr-only">Select to compare</span></th>
            {["Version", "Aliases", "Name", "Comment", "Labels", "Checkpoint", "Key metric", "Created", "Creator"].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => {
            const cp = v.checkpoint;
            const metric = keyMetric(cp);
            return (
              <tr key={v.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                <td className="px-3 py-2 align-top">
                  <input type="checkbox" name="v" value={v.version} aria-label={`Select version ${v.version} to compare`} className="h-4 w-4" />
                </td>
                <td className="px-3 py-2 align-top whitespace-nowrap">
                  <Link className="link font-medium" href={versionHref(modelName, v.version)}>Version {v.version}</Link>
                </td>
                <td className="px-3 py-2 align-top">
                  <ul aria-label={`Aliases of version ${v.version}`} className="flex max-w-48 flex-wrap gap-1">
                    {v.aliases.map((a) => <li key={a}><AliasChip modelName={modelName} alias={a} isProtected={protectedAliases.includes(a)} /></li>)}
                  </ul>
                </td>
                <td className="px-3 py-2 align-top break-words">{v.name || <span className="text-slate-500">—</span>}</td>
                <td className="max-w-xs px-3 py-2 align-top"><p className="line-clamp-2 break-words">{v.comment || <span className="text-slate-500">—</span>}</p></td>
                <td className="px-3 py-2 align-top">
                  <ul className="flex max-w-48 flex-wrap gap-1">{v.labels.map((l) => <li key={l}><Badge tone="indigo">{l}</Badge></li>)}</ul>
                </td>
                <td className="px-3 py-2 align-top text-xs whitespace-nowrap">
                  {cp.experimentId ? (
                    <Link className="link" href={`/experiments/${cp.experimentId}`}>Exp {cp.experimentId}</Link>
                  ) : "—"}
                  {cp.trialId ? <> · Trial {cp.trialId}</> : null}
                  {cp.batchNumber !== null ? <> · Batch {cp.batchNumber}</> : null}
                </td>
                <td className="px-3 py-2 align-top text-xs whitespace-nowrap">
                  {metric !== null ? (
                    <><span className="text-slate-500">{cp.searcherMetricName ?? "metric"}</span> <span className="font-medium tabular-nums">{formatMetric(metric)}</span></>
                  ) : <span className="text-slate-500">—</span>}
                </td>
                <td className="px-3 py-2 align-top whitespace-nowrap"><RelativeTime date={v.creationTime} /></td>
                <td className="px-3 py-2 align-top whitespace-nowrap">{v.username}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
