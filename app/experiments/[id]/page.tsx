import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  RegistryError, assertCanRead, getExperiment, listCheckpointVersions, listCheckpoints, listExperimentMetricNames,
} from "@/lib/registry";
import { RelativeTime } from "@/components/time/relative-time";
import { currentActor } from "@/lib/auth/current-actor";
import { StateBadge } from "@/components/checkpoints/checkpoint-state-badge";
import { CheckpointTable } from "./checkpoint-table";
import { CheckpointModalSlot } from "./checkpoint-modal-slot";
import { hrefWith, parseSort, sortQuery } from "@/lib/url/checkpoint-sort";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 100;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const positiveInt = (v: string | undefined) => (v && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

async function findExperiment(id: string) {
  try {
    const experiment = await getExperiment(id);
    // One in a workspace the user may not read is not theirs to see (decision 061).
    await assertCanRead(await currentActor(), experiment.workspaceId, `Experiment ${id}`);
    return experiment;
  } catch (e) {
    if (e instanceof RegistryError && e.code === "NOT_FOUND") notFound();
    throw e;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Experiment ${id}` };
}

export default async function ExperimentPage({ params, searchParams }: Props) {
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const [experiment, metricNames] = await Promise.all([findExperiment(id), listExperimentMetricNames(Number(id))]);
  const path = `/experiments/${experiment.id}`;
  const sort = parseSort(sp, metricNames);
  const trialId = positiveInt(one(sp.trial));
  const page = positiveInt(one(sp.page)) ?? 1;

  const { checkpoints, total } = await listCheckpoints({
    experimentId: experiment.id, trialId, ...sortQuery(sort), offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE,
  });
  const registered = await listCheckpointVersions(checkpoints.map((c) => c.uuid));
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600">
        <Link href="/experiments" className="link">Experiments</Link>
        <span aria-hidden="true" className="mx-1.5">/</span>
        <span>#{experiment.id}</span>
      </nav>
      <div className="mb-1 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold break-all">{experiment.name}</h1>
        <StateBadge state={experiment.state} />
      </div>
      {experiment.description && <p className="mb-2 text-slate-600">{experiment.description}</p>}
      <dl className="mb-5 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
        <div className="flex gap-1"><dt>Searcher metric:</dt><dd className="font-mono text-slate-900">{experiment.searcherMetric ?? "—"}</dd></div>
        <div className="flex gap-1"><dt>Trials:</dt><dd className="text-slate-900">{experiment.numTrials}</dd></div>
        <div className="flex gap-1"><dt>Checkpoints:</dt><dd className="text-slate-900">{experiment.numCheckpoints}</dd></div>
        <div className="flex gap-1"><dt>Started:</dt><dd className="text-slate-900"><RelativeTime date={experiment.startTime} /></dd></div>
        <div className="flex gap-1"><dt>Owner:</dt><dd className="text-slate-900">{experiment.username}</dd></div>
      </dl>

      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">Trials and checkpoints</h2>
        {trialId !== undefined && (
          <p className="text-sm text-slate-600">
            Showing trial {trialId} only.{" "}
            <Link href={hrefWith(path, sp, { trial: undefined, page: undefined })} className="link">Show all trials</Link>
          </p>
        )}
      </div>
      <CheckpointTable
        path={path}
        params={sp}
        sort={sort}
        checkpoints={checkpoints}
        registered={registered}
        metricNames={metricNames}
        searcherMetric={experiment.searcherMetric}
      />
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex items-center justify-end gap-3 text-sm">
          {page > 1 && <Link href={hrefWith(path, sp, { page: String(page - 1), checkpoint: undefined })} className="link">Previous</Link>}
          <span>Page {page} of {pages}</span>
          {page < pages && <Link href={hrefWith(path, sp, { page: String(page + 1), checkpoint: undefined })} className="link">Next</Link>}
        </nav>
      )}
      {one(sp.checkpoint) && (
        <CheckpointModalSlot
          uuid={one(sp.checkpoint)!}
          closeHref={hrefWith(path, sp, { checkpoint: undefined, registrations: undefined })}
          allRegistrationsHref={hrefWith(path, sp, { registrations: "all" })}
          allRegistrations={one(sp.registrations) === "all"}
        />
      )}
    </section>
  );
}
