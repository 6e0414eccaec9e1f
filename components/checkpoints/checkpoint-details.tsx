import Link from "next/link";
import type { TCheckpoint } from "@/lib/registry";
import { formatBytes } from "@/lib/format";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { RelativeTime } from "@/components/time/relative-time";
import { StateBadge } from "./checkpoint-state-badge";
import { KeyValueTable } from "./key-value-table";
import { RegisteredAsList, type Registration } from "./registered-as-list";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Determined nests averages under avgMetrics; older reports are flat. Show the averages. */
export function averages(metrics: Obj): Obj {
  if (isObj(metrics.avgMetrics)) return metrics.avgMetrics;
  const { batchMetrics: _batches, ...rest } = metrics;
  return rest;
}

/** How many registrations the modal lists before "N more". */
export const REGISTERED_AS_PREVIEW = 5;

/** The checkpoint's registrations, and the URL that lists them all (`expanded` when it is the current one). */
export type RegisteredAs = { registrations: Registration[]; allHref: string; expanded: boolean };

/**
 * Everything recorded about a checkpoint. Hook-free, so it renders on the server
 * (version page) as well as inside client trees (the checkpoint modal).
 */
export function CheckpointDetails({ checkpoint: cp, registeredAs, headingLevel = 2 }: {
  checkpoint: TCheckpoint;
  registeredAs?: RegisteredAs;
  headingLevel?: 2 | 3;
}) {
  const H = `h${headingLevel}` as "h2" | "h3";
  const files = cp.files;
  return (
    <div className="space-y-5 text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr_auto_1fr]">
        <dt className="text-slate-500">UUID</dt>
        <dd className="flex min-w-0 flex-wrap items-center gap-2 sm:col-span-3">
          <code className="font-mono break-all text-slate-900">{cp.uuid}</code>
          <CopyButton value={cp.uuid} label="Copy checkpoint UUID" />
        </dd>
        <dt className="text-slate-500">Experiment</dt>
        <dd className="min-w-0 break-words">
          {cp.experimentId ? (
            <Link className="link" href={`/experiments/${cp.experimentId}`}>
              {cp.experimentName ?? `Experiment ${cp.experimentId}`}
            </Link>
          ) : "—"}
        </dd>
        <dt className="text-slate-500">Trial</dt>
        <dd>
          {cp.trialId && cp.experimentId ? (
            <Link className="link" href={`/experiments/${cp.experimentId}?trial=${cp.trialId}`}>
              Trial {cp.trialId}
            </Link>
          ) : "—"}
        </dd>
        <dt className="text-slate-500">Batch</dt>
        <dd>{cp.batchNumber ?? "—"}</dd>
        <dt className="text-slate-500">State</dt>
        <dd><StateBadge state={cp.state} /></dd>
        <dt className="text-slate-500">Framework</dt>
        <dd className="break-words">{cp.framework || "—"}</dd>
        <dt className="text-slate-500">Format</dt>
        <dd className="break-words">{cp.format || "—"}</dd>
        <dt className="text-slate-500">Reported</dt>
        <dd><RelativeTime date={cp.reportTime} /></dd>
        <dt className="text-slate-500">Total size</dt>
        <dd>{formatBytes(cp.totalSize)}</dd>
        {registeredAs && (
          <>
            <dt className="text-slate-500">Registered as</dt>
            <dd className="sm:col-span-3">
              {registeredAs.registrations.length === 0 ? "Not registered yet" : (
                <RegisteredAsList registrations={registeredAs.registrations} limit={REGISTERED_AS_PREVIEW} allHref={registeredAs.allHref} expanded={registeredAs.expanded} />
              )}
            </dd>
          </>
        )}
      </dl>

      <div className="grid gap-5 sm:grid-cols-3">
        <KeyValueTable caption="Hyperparameters" rows={cp.hparams} empty="No hyperparameters recorded." headingLevel={headingLevel} />
        <KeyValueTable caption="Validation metrics" rows={averages(cp.validationMetrics)} empty="No validation metrics." highlight={cp.searcherMetricName} headingLevel={headingLevel} />
        <KeyValueTable caption="Training metrics" rows={averages(cp.trainingMetrics)} empty="No training metrics." headingLevel={headingLevel} />
      </div>

      <section>
        <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
          <H className="text-sm font-semibold text-slate-800">Files</H>
          {files.length > 0 && !cp.corrupt && (
            <a
              href={`/checkpoints/${cp.uuid}`}
              download={`${cp.uuid}.tar.gz`}
              className="inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
            >
              Download (.tar.gz)
            </a>
          )}
        </div>
        <Integrity checkpoint={cp} />
        {files.length === 0 ? (
          <p className="text-slate-500">No files stored{cp.state === "COMPLETED" ? "." : " yet: the checkpoint is not completed."}</p>
        ) : (
          <table className="w-full">
            <caption className="sr-only">Files</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-xs text-slate-500">
                <th scope="col" className="py-1 font-medium">Path</th>
                <th scope="col" className="py-1 pr-3 text-right font-medium">Size</th>
                <th scope="col" className="py-1 font-medium">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.path} className="border-b border-slate-100 align-top">
                  <td className="py-1 pr-3 font-mono break-all">{f.path}</td>
                  <td className="py-1 pr-3 text-right whitespace-nowrap">{formatBytes(f.size)}</td>
                  <td className="py-1 font-mono text-xs break-all text-slate-700">{f.sha256 ?? "not hashed yet"}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="py-1 text-left font-medium">Total ({files.length} {files.length === 1 ? "file" : "files"})</th>
                <td className="py-1 pr-3 text-right font-medium whitespace-nowrap">{formatBytes(cp.totalSize)}</td>
                <td />
              </tr>
            </tfoot>
          </table>
        )}
      </section>
    </div>
  );
}

const PROBLEM_TEXT = { changed: "changed since upload", missing: "missing from storage", extra: "not part of the upload" } as const;

/** The manifest digest and what the last check of the stored files found (decisions 070 and 072). */
function Integrity({ checkpoint: cp }: { checkpoint: TCheckpoint }) {
  if (cp.corrupt) {
    return (
      <Alert tone="error" className="mb-2 space-y-1" data-testid="checkpoint-corrupt">
        <p className="font-semibold">Corrupt: the stored files are not the ones uploaded. Downloads are refused.</p>
        <p>Storage verify found this <RelativeTime date={cp.corrupt.at} />:</p>
        <ul className="list-disc pl-5">
          {cp.corrupt.files.map((f) => <li key={f.path}><code className="font-mono break-all">{f.path}</code>: {PROBLEM_TEXT[f.problem]}</li>)}
        </ul>
        <p>Restore the files and verify storage again to clear this.</p>
      </Alert>
    );
  }
  if (!cp.manifestDigest) {
    return cp.files.length ? <p className="mb-2 text-slate-600">Digests not recorded yet: the server hashes these files in the background.</p> : null;
  }
  return (
    <dl className="mb-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1" data-testid="checkpoint-integrity">
      <dt className="text-slate-500">Manifest digest</dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-2">
        <code className="font-mono text-xs break-all text-slate-900">{cp.manifestDigest}</code>
        <CopyButton value={cp.manifestDigest} label="Copy manifest digest" />
      </dd>
      <dt className="text-slate-500">Verified</dt>
      <dd>{cp.verifiedAt ? <>files matched their digests <RelativeTime date={cp.verifiedAt} /></> : "not yet"}</dd>
    </dl>
  );
}
