import Link from "next/link";
import { RelativeTime } from "@/components/time/relative-time";
import type { Permissions } from "@/lib/auth/permissions";
import { aliasTimeline, listAliases } from "@/lib/registry";
import { AliasChip, LockIcon } from "./alias-chip";
import { AliasTimeline } from "./alias-timeline";
import { AsOfForm } from "./as-of-form";
import { ProtectionToggle } from "./protection-toggle";

const versionHref = (model: string, v: number) => `/models/${encodeURIComponent(model)}/versions/${v}`;

/** The model page's Aliases: what each names now, who set it and why, protection, the timeline, and "as of". */
export async function ModelAliasesSection({ model, can }: { model: { id: number; name: string; archived: boolean }; can: Permissions }) {
  const [{ aliases, protectedAliases }, timelines] = await Promise.all([listAliases(model.id), aliasTimeline(model.id)]);
  const unset = protectedAliases.filter((p) => !aliases.some((a) => a.alias === p));
  const manage = can.protectedAliases && !model.archived;
  const base = `/models/${encodeURIComponent(model.name)}`;
  return (
    <section aria-labelledby="aliases-heading" className="space-y-3">
      <h2 id="aliases-heading" className="text-lg font-semibold">Aliases</h2>
      {aliases.length ? (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full min-w-[40rem] text-sm">
            <caption className="sr-only">Aliases of {model.name} and the versions they name</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
              <tr>
                {["Alias", "Version", "Set by", "When", "Reason"].map((h) => <th key={h} scope="col" className="px-3 py-2 font-medium">{h}</th>)}
                <th scope="col" className="px-3 py-2 font-medium">{manage ? "Protection" : <span className="sr-only">Protection</span>}</th>
              </tr>
            </thead>
            <tbody>
              {aliases.map((a) => (
                <tr key={a.alias} className="border-b border-slate-100 last:border-0">
                  <td className="px-3 py-2"><AliasChip modelName={model.name} alias={a.alias} isProtected={a.protected} /></td>
                  <td className="px-3 py-2 whitespace-nowrap"><Link className="link" href={versionHref(model.name, a.version!)}>Version {a.version}</Link></td>
                  <td className="px-3 py-2 whitespace-nowrap">{a.setBy}</td>
                  <td className="px-3 py-2 whitespace-nowrap"><RelativeTime date={a.setAt} /></td>
                  <td className="max-w-xs px-3 py-2 break-words">{a.reason || <span className="text-slate-500">—</span>}</td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {manage ? <ProtectionToggle modelId={model.id} alias={a.alias} isProtected={a.protected} /> : a.protected ? "Protected" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-sm text-slate-600">
          No aliases yet. Promote a version from its page to point an alias such as <code className="font-mono">production</code> at it;
          serving jobs then ask for <code className="font-mono">{model.name}@production</code>.
        </p>
      )}
      {unset.length ? (
        <p className="flex flex-wrap items-center gap-1.5 text-sm text-slate-700">
          <LockIcon /> Protected on this model, not set yet:
          {unset.map((p) => (
            <span key={p} className="inline-flex items-center gap-1">
              <code className="font-mono">{p}</code>
              {manage ? <ProtectionToggle modelId={model.id} alias={p} isProtected /> : null}
            </span>
          ))}
        </p>
      ) : null}
      <h3 className="text-base font-semibold">Timeline</h3>
      <AliasTimeline timelines={timelines} end={new Date()} label={`Which version each alias of ${model.name} named over time`} />
      <AsOfForm action={base} />
    </section>
  );
}
