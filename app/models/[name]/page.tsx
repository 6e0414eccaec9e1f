import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { InlineLabels } from "@/components/editing/inline-labels";
import { InlineText } from "@/components/editing/inline-text";
import { NotesEditor } from "@/components/markdown/notes-editor";
import { MetadataEditor } from "@/components/metadata/metadata-editor";
import { AliasedVersionBanner } from "@/components/aliases/aliased-version-banner";
import { AsOfView } from "@/components/aliases/as-of-view";
import { ModelAliasesSection } from "@/components/aliases/model-aliases-section";
import { ModelHistory } from "@/components/history/history-section";
import { ArchiveToggle, ModelActions } from "@/components/models/model-actions";
import { Facts, when } from "@/components/models/model-facts";
import { VersionsSection, VersionsSkeleton } from "@/components/models/versions-section";
import { MetricChartSection } from "@/components/metrics/metric-chart-section";
import { Alert } from "@/components/ui/alert";
import { pagePermissions } from "@/lib/auth/page-permissions";
import { currentActor } from "@/lib/auth/current-actor";
import { formatBytes } from "@/lib/format";
import { RegistryError, getModelAt, listWorkspaces, modelStorageUsage, resolveVersionRef, type TModelAt } from "@/lib/registry";
import { decodeSegment } from "@/lib/url/route-segment";
import VersionPage from "./versions/[version]/page";
import { updateModelFieldAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

async function load(segment: string) {
  // A numeric segment is an id (names cannot be all digits), so /models/42 survives renames;
  // "name@alias" and "name@7" address a version, unless a model has that exact name.
  return resolveVersionRef(decodeSegment(segment)).catch((e) => {
    if (e instanceof RegistryError && (e.code === "NOT_FOUND" || e.code === "INVALID")) notFound();
    throw e;
  });
}

/** The "as of" view's instant: the picker sends local-looking text without a zone, which the page means as UTC. */
async function loadAt(modelId: number, at: string): Promise<TModelAt | RegistryError> {
  const text = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(at.trim()) ? `${at.trim()}Z` : at;
  return getModelAt(modelId, text).catch((e) => {
    if (e instanceof RegistryError && (e.code === "INVALID" || e.code === "NOT_FOUND")) return e;
    throw e;
  });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeSegment((await params).name) };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const found = await load((await params).name);
  if (found.kind === "version") {
    const v = found.version;
    return (
      <div className="space-y-4">
        <AliasedVersionBanner modelName={v.model.name} alias={found.alias} version={v.version} />
        <VersionPage params={Promise.resolve({ name: String(v.model.id), version: String(v.version) })} />
      </div>
    );
  }
  const model = found.model;
  const sp = await searchParams;
  const at = typeof sp.at === "string" ? sp.at : undefined;
  if (at !== undefined) {
    const then = await loadAt(model.id, at);
    if (!(then instanceof RegistryError)) return <AsOfView then={then} nowName={model.name} />;
    return (
      <div className="space-y-3">
        <Alert tone="error">{then.message}</Alert>
        <Link className="link" href={`/models/${encodeURIComponent(model.name)}`}>Back to {model.name}</Link>
      </div>
    );
  }
  const pageParam = Number(sp.page);
  const page = Number.isSafeInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const save = (field: "description" | "labels" | "notes" | "metadata") => updateModelFieldAction.bind(null, model.id, field);
  const reader = await currentActor();
  const [permissions, workspaces, usage] = await Promise.all([pagePermissions(), listWorkspaces({ reader, sortBy: "name" }), modelStorageUsage(model.id)]);
  // A model in a workspace the user may not read is not theirs to see (decision 061).
  if (!workspaces.some((w) => w.id === model.workspaceId)) notFound();
  const can = permissions(model.workspaceName, { kind: "model", modelCreatorId: model.userId });
  const destinations = can.move
    ? workspaces.filter((w) => !w.archived && w.id !== model.workspaceId && permissions(w.name).move).map((w) => w.name)
    : [];
  const readOnly = model.archived || !can.edit;
  // Client components get only what they use, not the notes and metadata twice over.
  const slim = { id: model.id, name: model.name, archived: model.archived, numVersions: model.numVersions, revision: model.revision };

  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="link">Model Registry</Link> <span aria-hidden="true">/</span> {model.name}
      </nav>
      {model.archived ? (
        <Alert tone="warning" className="flex flex-wrap items-center justify-between gap-2">
          <span><strong>This model is archived.</strong> It is read-only and accepts no new versions until unarchived.</span>
          {can.edit ? <ArchiveToggle model={slim} /> : null}
        </Alert>
      ) : null}
      <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 className="min-w-0 text-2xl font-semibold break-words">{model.name}</h1>
          <ModelActions model={slim} can={can} workspace={model.workspaceName} destinations={destinations} />
        </div>
        <div className="text-sm text-slate-700">
          <InlineText label="Description" field="description" value={model.description} revision={model.revision} save={save("description")} readOnly={readOnly} multiline empty="No description" />
        </div>
        <InlineLabels labels={model.labels} revision={model.revision} save={save("labels")} readOnly={readOnly} subject={model.name} />
        <Facts items={[
          ["Creator", model.username],
          ["Workspace", model.workspaceName],
          ["Created", when(model.creationTime)],
          ["Last updated", when(model.lastUpdatedTime)],
          ["Versions", model.numVersions],
          ["Storage", <span key="storage" title={`${usage.bytes.toLocaleString("en-US")} bytes in ${usage.checkpoints} checkpoint${usage.checkpoints === 1 ? "" : "s"}, each counted once`}>{formatBytes(usage.bytes)}</span>],
          ["Id", model.id],
        ]} />
      </header>

      <section aria-labelledby="versions-heading" className="space-y-3">
        <h2 id="versions-heading" className="text-lg font-semibold">Versions</h2>
        <Suspense key={page} fallback={<VersionsSkeleton />}>
          <VersionsSection model={slim} page={page} />
        </Suspense>
      </section>

      {model.numVersions > 0 ? <MetricChartSection modelId={model.id} modelName={model.name} /> : null}

      <Suspense fallback={null}>
        <ModelAliasesSection model={slim} can={can} />
      </Suspense>

      <div className="grid gap-6 lg:grid-cols-2">
        <NotesEditor notes={model.notes} revision={model.revision} save={save("notes")} readOnly={readOnly} />
        <MetadataEditor metadata={model.metadata} revision={model.revision} save={save("metadata")} readOnly={readOnly} />
      </div>
      <ModelHistory modelId={model.id} />
    </article>
  );
}
