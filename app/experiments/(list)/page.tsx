import type { Metadata } from "next";
import Link from "next/link";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { listExperiments } from "@/lib/registry";
import { RelativeTime } from "@/components/time/relative-time";
import { StateBadge } from "@/components/checkpoints/checkpoint-state-badge";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Experiments" };

export default async function ExperimentsPage() {
  const { experiments, total } = await listExperiments({ reader: await requireSignedIn(), limit: 200 });
  return (
    <section>
      <div className="mb-4 flex items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">Experiments</h1>
        {total > 0 && <p className="text-sm text-slate-500">{total} {total === 1 ? "experiment" : "experiments"}</p>}
      </div>
      {total === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center">
          <p className="font-medium text-slate-800">No experiments yet</p>
          <p className="mt-1 text-sm text-slate-600">
            Experiments appear here when a training run reports its first checkpoint
            (<code className="font-mono">POST /api/v1/checkpoints</code> or Determined&apos;s SDK).
          </p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] text-sm">
            <caption className="sr-only">Experiments, newest first</caption>
            <thead className="bg-slate-50">
              <tr className="border-b border-slate-200 text-left text-slate-600">
                <th scope="col" className="px-3 py-2 font-medium">Name</th>
                <th scope="col" className="px-3 py-2 font-medium">State</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Trials</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Checkpoints</th>
                <th scope="col" className="px-3 py-2 font-medium">Searcher metric</th>
                <th scope="col" className="px-3 py-2 font-medium">Started</th>
                <th scope="col" className="px-3 py-2 font-medium">Owner</th>
              </tr>
            </thead>
            <tbody>
              {experiments.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
                  <td className="px-3 py-2">
                    <Link href={`/experiments/${e.id}`} className="link font-medium">{e.name}</Link>
                    <span className="ml-2 text-xs text-slate-500">#{e.id}</span>
                  </td>
                  <td className="px-3 py-2"><StateBadge state={e.state} /></td>
                  <td className="px-3 py-2 text-right tabular-nums">{e.numTrials}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{e.numCheckpoints}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.searcherMetric ?? "—"}</td>
                  <td className="px-3 py-2 whitespace-nowrap"><RelativeTime date={e.startTime} /></td>
                  <td className="px-3 py-2">{e.username}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
