import Link from "next/link";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AliasControls } from "@/components/aliases/alias-controls";
import { CheckpointDetails } from "@/components/checkpoints/checkpoint-details";
import { InlineLabels } from "@/components/editing/inline-labels";
import { InlineText } from "@/components/editing/inline-text";
import { NotesEditor } from "@/components/markdown/notes-editor";
import { MetadataEditor } from "@/components/metadata/metadata-editor";
import { Facts, when } from "@/components/models/model-facts";
import { Alert } from "@/components/ui/alert";
import { DeregisterButton } from "@/components/versions/deregister-button";
import { FetchSnippets } from "@/components/versions/fetch-snippets";
import { VersionHistory } from "@/components/history/history-section";
import { pagePermissions } from "@/lib/auth/page-permissions";
import { currentActor } from "@/lib/auth/current-actor";
import { RegistryError, getVersion, listAliases, readScope } from "@/lib/registry";
import { decodeSegment } from "@/lib/url/route-segment";
import { updateVersionFieldAction } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string; version: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `${decodeSegment(p.name)} v${p.version}` };
}

async function masterUrl() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  return `${h.get("x-forwarded-proto") ?? "http"}://${host}`;
}

export default async function VersionPage({ params }: Props) {
  const p = await params;
  const v = await getVersion(decodeSegment(p.name), p.version).catch((e) => {
    if (e instanceof RegistryError && (e.code === "NOT_FOUND" || e.code === "INVALID")) notFound();
    throw e;
  });
  const model = v.model;
  // A version in a workspace the user may not read is not theirs to see (decision 061).
  const scope = await readScope(await currentActor());
  if (!scope.all && !scope.ids.includes(model.workspaceId)) notFound();
  const can = (await pagePermissions())(model.workspaceName, { kind: "version", versionCreatorId: v.userId, modelCreatorId: model.userId });
  const readOnly = model.archived || !can.edit;
  const save = (field: "name" | "comment" | "labels" | "notes" | "metadata") =>
    updateVersionFieldAction.bind(null, model.id, v.version, field);
  const modelHref = `/models/${encodeURIComponent(model.name)}`;
  const aliases = await listAliases(model.id);

  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="link">Model Registry</Link> <span aria-hidden="true">/</span>{" "}
        <Link href={modelHref} className="link">{model.name}</Link> <span aria-hidden="true">/</span> Version {v.version}
      </nav>
      {model.archived ? (
        <Alert tone="warning">
          The model <Link className="underline" href={modelHref}>{model.name}</Link> is archived, so this version is read-only.
        </Alert>
      ) : null}
      <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h1 className="min-w-0 text-2xl font-semibold break-words">
            {model.name} <span className="whitespace-nowrap text-slate-500">· Version {v.version}</span>
          </h1>
          {can.delete ? <DeregisterButton modelId={model.id} modelName={model.name} version={v.version} disabled={model.archived} /> : null}
        </div>
        <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="pt-1 text-slate-500">Name</dt>
          <dd><InlineText label="Version name" field="name" value={v.name} revision={v.revision} save={save("name")} readOnly={readOnly} empty="Unnamed" /></dd>
          <dt className="pt-1 text-slate-500">Comment</dt>
          <dd><InlineText label="Comment" field="comment" value={v.comment} revision={v.revision} save={save("comment")} readOnly={readOnly} multiline empty="No comment" /></dd>
          <dt className="pt-1 text-slate-500">Aliases</dt>
          <dd>
            <AliasControls
              model={{ id: model.id, name: model.name, archived: model.archived }} version={v.version}
              aliases={aliases.aliases.map((a) => ({ ...a, setAt: a.setAt.toISOString() }))} protectedAliases={aliases.protectedAliases}
              can={{ aliases: can.aliases, protectedAliases: can.protectedAliases }}
            />
          </dd>
          <dt className="pt-1 text-slate-500">Labels</dt>
          <dd><InlineLabels labels={v.labels} revision={v.revision} save={save("labels")} readOnly={readOnly} subject={`version ${v.version}`} /></dd>
        </dl>
        <Facts items={[["Creator", v.username], ["Created", when(v.creationTime)], ["Last updated", when(v.lastUpdatedTime)]]} />
      </header>

      <section aria-labelledby="checkpoint-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="checkpoint-heading" className="mb-3 text-base font-semibold">Checkpoint</h2>
        <CheckpointDetails checkpoint={v.checkpoint} headingLevel={3} />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <NotesEditor notes={v.notes} revision={v.revision} save={save("notes")} readOnly={readOnly} />
        <MetadataEditor metadata={v.metadata} revision={v.revision} save={save("metadata")} readOnly={readOnly} />
      </div>
      <FetchSnippets modelName={model.name} version={v.version} master={await masterUrl()} />
      <VersionHistory modelId={model.id} version={v.version} />
    </article>
  );
}
