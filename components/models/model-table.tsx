import Link from "next/link";
import { AliasChip } from "@/components/aliases/alias-chip";
import { RelativeTime } from "@/components/time/relative-time";
import { Badge } from "@/components/ui/badge";
import type { Permissions } from "@/lib/auth/permissions";
import type { TModel } from "@/lib/registry";
import type { TDeleteSubject } from "@/lib/registry/auth/delete-rule";
import { listHref, sortHref, type ListSort, type ModelListParams } from "@/lib/url/model-list-params";
import { LazyModelRowMenu } from "./lazy-model-row-menu";

export const modelHref = (m: { name: string }) => `/models/${encodeURIComponent(m.name)}`;

function SortHeader({ params, column, children, className }: {
  params: ModelListParams;
  column: ListSort;
  children: string;
  className?: string;
}) {
  const active = params.sort === column;
  const sortLabel = active ? (params.order === "asc" ? "ascending" : "descending") : undefined;
  return (
    <th scope="col" aria-sort={sortLabel ?? "none"} className={`px-3 py-2 font-medium ${className ?? ""}`}>
      <Link href={sortHref(params, column)} className="inline-flex items-center gap-1 rounded hover:text-slate-900" scroll={false}>
        {children}
        <span aria-hidden="true" className={active ? "text-indigo-600" : "text-slate-500"}>
          {active ? (params.order === "asc" ? "▲" : "▼") : "↕"}
        </span>
        <span className="sr-only">{active ? `, sorted ${sortLabel}; click to reverse` : ", click to sort"}</span>
      </Link>
    </th>
  );
}

/** One query for the whole table (listModels); the row menu is the only client part. */
export function ModelTable({ models, params, can }: {
  models: TModel[];
  params: ModelListParams;
  can: (workspace: string, subject?: TDeleteSubject) => Permissions;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full min-w-[60rem] text-sm">
        <caption className="sr-only">Registered models</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <SortHeader params={params} column="name">Name</SortHeader>
            <SortHeader params={params} column="description">Description</SortHeader>
            <SortHeader params={params} column="numVersions" className="text-right">Versions</SortHeader>
            <th scope="col" className="px-3 py-2 font-medium">Aliases</th>
            <th scope="col" className="px-3 py-2 font-medium">Labels</th>
            <th scope="col" className="px-3 py-2 font-medium">Workspace</th>
            <SortHeader params={params} column="lastUpdatedTime">Last updated</SortHeader>
            <SortHeader params={params} column="creationTime">Created</SortHeader>
            <th scope="col" className="px-3 py-2 font-medium">Creator</th>
            <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} className={`border-b border-slate-100 last:border-0 hover:bg-slate-50 ${m.archived ? "text-slate-500" : ""}`}>
              <td className="min-w-44 px-3 py-2 align-top">
                <div className="flex flex-wrap items-center gap-2">
                  <Link className="link font-medium break-words" href={modelHref(m)}>{m.name}</Link>
                  {m.archived ? <Badge tone="amber">Archived</Badge> : null}
                </div>
              </td>
              <td className="max-w-xs px-3 py-2 align-top"><p className="line-clamp-2 break-words">{m.description || <span className="text-slate-500">—</span>}</p></td>
              <td className="px-3 py-2 text-right align-top tabular-nums">{m.numVersions}</td>
              <td className="px-3 py-2 align-top">
                <ul aria-label={`Aliases of ${m.name}`} className="flex max-w-48 flex-wrap gap-1">
                  {m.aliases.map((a) => <li key={a.alias}><AliasChip modelName={m.name} alias={a.alias} /><span className="sr-only">: version {a.version}</span></li>)}
                </ul>
              </td>
              <td className="px-3 py-2 align-top">
                <ul aria-label={`Labels of ${m.name}`} className="flex max-w-56 flex-wrap gap-1">
                  {m.labels.map((l) => <li key={l}><Badge tone="indigo">{l}</Badge></li>)}
                </ul>
              </td>
              <td className="px-3 py-2 align-top whitespace-nowrap">
                <Link className="link" href={listHref(params, { workspace: m.workspaceName, page: 1 })} aria-label={`${m.workspaceName}: show only this workspace's models`} scroll={false}>
                  {m.workspaceName}
                </Link>
              </td>
              <td className="px-3 py-2 align-top whitespace-nowrap"><RelativeTime date={m.lastUpdatedTime} /></td>
              <td className="px-3 py-2 align-top whitespace-nowrap"><RelativeTime date={m.creationTime} /></td>
              <td className="px-3 py-2 align-top whitespace-nowrap">{m.username}</td>
              <td className="px-3 py-2 text-right align-top">
                <LazyModelRowMenu model={{ id: m.id, name: m.name, archived: m.archived, numVersions: m.numVersions }} can={can(m.workspaceName, { kind: "model", modelCreatorId: m.userId })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
