import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkspaceForm } from "@/components/workspaces/create-workspace-form";
import { WorkspaceActions } from "@/components/workspaces/workspace-actions";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/time/relative-time";
import { requireSignedIn } from "@/lib/auth/current-actor";
import { hasRole, listWorkspaces, myRoles, REQUIRED_ROLE } from "@/lib/registry";
import { DEFAULTS, listHref } from "@/lib/url/model-list-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Workspaces" };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The workspaces the user may read; any signed-in user may create one (and becomes its admin). */
export default async function WorkspacesPage() {
  const reader = await requireSignedIn();
  const [workspaces, mine] = await Promise.all([listWorkspaces({ reader, sortBy: "name" }), myRoles({ actor: reader })]);
  const manages = (name: string) => mine.admin || hasRole(mine.roles[name], REQUIRED_ROLE["workspace.manage"]);
  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold">Workspaces</h1>
        <p className="text-sm text-slate-500">{plural(workspaces.length, "workspace")} you can see</p>
      </div>
      <p className="max-w-3xl text-sm text-slate-600">
        A workspace groups models, with its own roles: someone can edit in one and only read another. You see the
        workspaces you hold a role in and the default one; the one you create is yours to manage.
      </p>
      <CreateWorkspaceForm />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full min-w-[44rem] text-sm">
          <caption className="sr-only">Workspaces</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="px-3 py-2 text-right font-medium">Models</th>
              <th scope="col" className="px-3 py-2 font-medium">Your role</th>
              <th scope="col" className="px-3 py-2 font-medium">Owner</th>
              <th scope="col" className="px-3 py-2 font-medium">Created</th>
              <th scope="col" className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {workspaces.map((w) => (
              <tr key={w.id} className={`border-b border-slate-100 last:border-0 ${w.archived ? "text-slate-500" : ""}`}>
                <td className="px-3 py-2 align-top">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link className="link font-medium break-words" href={listHref(DEFAULTS, { workspace: w.name })}>{w.name}</Link>
                    {w.immutable ? <Badge tone="slate">Default</Badge> : null}
                    {w.archived ? <Badge tone="amber">Archived</Badge> : null}
                  </div>
                </td>
                <td className="px-3 py-2 text-right align-top tabular-nums">{w.numModels}</td>
                <td className="px-3 py-2 align-top">{mine.admin ? "administrator" : (mine.roles[w.name]?.toLowerCase() ?? "reader")}</td>
                <td className="px-3 py-2 align-top">{w.username || <span className="text-slate-500">—</span>}</td>
                <td className="px-3 py-2 align-top whitespace-nowrap"><RelativeTime date={w.createdAt} /></td>
                <td className="px-3 py-2 text-right align-top">
                  {manages(w.name) && !w.immutable
                    ? <WorkspaceActions workspace={{ id: w.id, name: w.name, archived: w.archived, numModels: w.numModels }} />
                    : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
