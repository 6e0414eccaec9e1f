"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { startStorageVerificationAction, storageVerificationAction } from "@/app/admin/storage/actions";
import type { TStorageVerification } from "@/lib/registry";
import { storageKeys } from "@/lib/query/keys";

const STATUS: Record<TStorageVerification["status"], string> = {
  RUNNING: "Running", DONE: "Finished", FAILED: "Failed", INTERRUPTED: "Interrupted",
};
const PROBLEM: Record<string, string> = { missing: "missing", changed: "changed since upload", extra: "not in the manifest" };
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function percent(run: TStorageVerification): number {
  if (run.status === "DONE") return 100;
  if (run.bytesTotal > 0) return Math.min(100, Math.floor((run.bytesDone / run.bytesTotal) * 100));
  return run.checkpointsTotal > 0 ? Math.min(100, Math.floor((run.checkpointsDone / run.checkpointsTotal) * 100)) : 0;
}

/** The latest verification run, polled while it runs; a button starts a new one. */
export function StoragePanel({ initial }: { initial: TStorageVerification | null }) {
  const client = useQueryClient();
  const { data: run } = useQuery({
    queryKey: storageKeys.verification(),
    queryFn: async () => {
      const r = await storageVerificationAction();
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === "RUNNING" ? 1000 : false),
  });
  const start = useMutation({
    mutationFn: async () => {
      const r = await startStorageVerificationAction();
      if (!r.ok) throw new Error(r.message);
      return r.data;
    },
    onSuccess: (started) => client.setQueryData(storageKeys.verification(), started),
  });
  const running = run?.status === "RUNNING";

  return (
    <section aria-labelledby="verify-heading" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="verify-heading" className="text-lg font-semibold">Verification</h2>
        <button
          type="button"
          className="rounded bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-60"
          disabled={running || start.isPending}
          onClick={() => start.mutate()}
        >
          Verify storage now
        </button>
      </div>
      {start.error ? <p role="alert" className="text-sm text-red-800">{start.error.message}</p> : null}
      {!run ? (
        <p className="text-sm text-slate-700">No verification has run yet.</p>
      ) : (
        <div className="space-y-3">
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium">Status</dt>
            <dd data-testid="verify-status" data-run={run.id} aria-live="polite">{STATUS[run.status]}</dd>
            <dt className="font-medium">Started</dt>
            <dd>{new Date(run.startedAt).toISOString().slice(0, 19).replace("T", " ")} UTC by {run.startedBy}</dd>
            <dt className="font-medium">Checked</dt>
            <dd>{run.checkpointsDone} of {run.checkpointsTotal} checkpoints, {mb(run.bytesDone)} of {mb(run.bytesTotal)}</dd>
            <dt className="font-medium">Corrupt</dt>
            <dd data-testid="verify-corrupt">{run.corruptCheckpoints} checkpoints</dd>
          </dl>
          <div
            role="progressbar"
            aria-label="Storage verification progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent(run)}
            className="h-2 w-full max-w-md overflow-hidden rounded bg-slate-200"
          >
            <div className="h-full bg-indigo-700" style={{ width: `${percent(run)}%` }} />
          </div>
          {run.problems.length ? (
            <table className="w-full max-w-3xl text-left text-sm">
              <caption className="mb-1 text-left font-medium">Corrupt or missing files</caption>
              <thead>
                <tr><th scope="col" className="py-1 pr-3">Checkpoint</th><th scope="col" className="py-1 pr-3">File</th><th scope="col" className="py-1">Problem</th></tr>
              </thead>
              <tbody>
                {run.problems.map((p) => (
                  <tr key={`${p.uuid}/${p.path}`} className="border-t border-slate-200">
                    <td className="py-1 pr-3">
                      {p.experimentId === null ? <span>Checkpoint {p.uuid}</span> : (
                        <Link className="link" href={`/experiments/${p.experimentId}?checkpoint=${encodeURIComponent(p.uuid)}`}>Checkpoint {p.uuid}</Link>
                      )}
                    </td>
                    <td className="py-1 pr-3 break-all"><code>{p.path}</code></td>
                    <td className="py-1">{PROBLEM[p.problem] ?? p.problem}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : run.status === "DONE" ? <p className="text-sm text-slate-700">Every stored file matched its digest.</p> : null}
        </div>
      )}
    </section>
  );
}
