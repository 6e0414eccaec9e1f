import Link from "next/link";
import { Markdown } from "@/components/markdown/markdown";
import { MetadataView } from "@/components/metadata/metadata-editor";
import { Facts } from "@/components/models/model-facts";
import { RelativeTime } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import { formatExact } from "@/lib/format";
import { aliasTimeline, type TModelAt } from "@/lib/registry";
import { AliasChip } from "./alias-chip";
import { AliasTimeline } from "./alias-timeline";
import { AsOfForm } from "./as-of-form";

/**
 * /models/{name}?at=...: the model as it was at an instant, read from its history. A
 * separate view with no edit controls at all (not the editable page with editing
 * switched off), marked historical at the top; its URL is the thing to share.
 */
export async function AsOfView({ then, nowName }: { then: TModelAt; nowName: string }) {
  const m = then.model;
  const base = `/models/${encodeURIComponent(nowName)}`;
  const timelines = await aliasTimeline(m.id, { end: then.at });
  return (
    <article className="space-y-6" aria-label={`${m.name} as of ${formatExact(then.at)}`}>
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="link">Model Registry</Link> <span aria-hidden="true">/</span>{" "}
        <Link href={base} className="link">{nowName}</Link> <span aria-hidden="true">/</span> as of {formatExact(then.at)}
      </nav>
      <div role="note" aria-label="Historical view" className="space-y-2 rounded-md border-2 border-amber-400 bg-amber-50 px-4 py-3 text-sm text-amber-950">
        <p>
          <strong>Historical, read-only view.</strong> This is “{m.name}” as it was at <time dateTime={then.at.toISOString()}>{formatExact(then.at)}</time>{" "}
          (<RelativeTime date={then.at} />), rebuilt from its history. Nothing here can be edited.
        </p>
        <div className="flex flex-wrap items-end gap-4">
          <Link href={base} className="link font-medium">Back to the model as it is now</Link>
          <AsOfForm action={base} value={then.at} id="as-of-again" />
        </div>
      </div>
      <header className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-2xl font-semibold break-words">
          {m.name} <span className="text-base font-normal text-slate-600">as of {formatExact(then.at)}</span>
        </h1>
        <p className="text-sm text-slate-700">{m.description || <span className="text-slate-500">No description</span>}</p>
        {m.labels.length ? (
          <ul aria-label="Labels then" className="flex flex-wrap gap-1">{m.labels.map((l) => <li key={l}><Badge tone="indigo">{l}</Badge></li>)}</ul>
        ) : null}
        <Facts items={[["Workspace", m.workspaceName], ["Versions then", m.numVersions], ["Archived then", m.archived ? "yes" : "no"], ["Last changed before", <RelativeTime key="t" date={m.lastUpdatedTime} />]]} />
      </header>

      <section aria-labelledby="aliases-then-heading" className="space-y-3">
        <h2 id="aliases-then-heading" className="text-lg font-semibold">Aliases then</h2>
        {then.aliases.length ? (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full min-w-[36rem] text-sm">
              <caption className="sr-only">Aliases of {m.name} at {formatExact(then.at)}</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
                <tr>{["Alias", "Version", "Set by", "Since", "Reason"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}</tr>
              </thead>
              <tbody>
                {then.aliases.map((a) => (
                  <tr key={a.alias} className="border-b border-slate-100 last:border-0">
                    <td className="px-3 py-2"><AliasChip modelName={nowName} alias={a.alias} isProtected={a.protected} link={false} /></td>
                    <td className="px-3 py-2 whitespace-nowrap"><Link className="link" href={`${base}/versions/${a.version}`}>Version {a.version}</Link></td>
                    <td className="px-3 py-2">{a.setBy}</td>
                    <td className="px-3 py-2 whitespace-nowrap"><time dateTime={a.setAt.toISOString()}>{formatExact(a.setAt)}</time></td>
                    <td className="px-3 py-2 break-words">{a.reason || <span className="text-slate-500">—</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : <p className="text-sm text-slate-600">No alias named a version at that time.</p>}
        <h3 className="text-base font-semibold">Timeline up to then</h3>
        <AliasTimeline timelines={timelines} end={then.at} label={`Which version each alias named, up to ${formatExact(then.at)}`} />
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="notes-then-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="notes-then-heading" className="mb-2 text-base font-semibold">Notes then</h2>
          {m.notes.trim() ? <Markdown>{m.notes}</Markdown> : <p className="text-sm text-slate-500">No notes.</p>}
        </section>
        <section aria-labelledby="metadata-then-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="metadata-then-heading" className="mb-2 text-base font-semibold">Metadata then</h2>
          <MetadataView metadata={m.metadata} />
        </section>
      </div>
    </article>
  );
}
