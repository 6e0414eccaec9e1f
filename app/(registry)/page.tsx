import Link from "next/link";
import type { Metadata } from "next";
import { Suspense } from "react";
import { DEFAULTS, hasFilters, listHref, parseListParams } from "@/lib/url/model-list-params";
import { ModelFilters, PageSizeSelect } from "@/components/models/model-filters";
import { ModelTable } from "@/components/models/model-table";
import { NewModelButton } from "@/components/models/new-model-button";
import { Pagination } from "@/components/ui/pagination";
import { currentActor } from "@/lib/auth/current-actor";
import { pagePermissions } from "@/lib/auth/page-permissions";
import { DEFAULT_WORKSPACE, listAliasNamesInUse, listModelLabels, listModels, listWorkspaces } from "@/lib/registry";
import { aliasNameProblem } from "@/lib/schemas/alias-name";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Model Registry" };

export default async function ModelRegistryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = parseListParams(await searchParams);
  // A hand-edited ?alias= that is not an alias matches nothing rather than failing the page.
  const aliasFilter = params.alias && !aliasNameProblem(params.alias) ? params.alias : undefined;
  const reader = await currentActor();
  const [{ models, total }, labels, aliasNames, can, workspaces] = await Promise.all([
    listModels({
      reader,
      sortBy: params.sort,
      orderBy: params.order,
      name: params.name || undefined,
      description: params.description || undefined,
      labels: params.label ? [params.label] : undefined,
      alias: aliasFilter,
      workspaceNames: params.workspace ? [params.workspace] : undefined,
      archived: params.archived ? undefined : false,
      offset: (params.page - 1) * params.size,
      limit: params.size,
    }).then((page) => (params.alias && !aliasFilter ? { ...page, models: [], total: 0 } : page)),
    listModelLabels({ reader }),
    listAliasNamesInUse({ reader }),
    pagePermissions(),
    listWorkspaces({ reader, sortBy: "name" }),
  ]);
  // New models go where the user may create them (not archived workspaces); the one filtered on first.
  const createIn = workspaces.filter((w) => !w.archived && can(w.name).create).map((w) => w.name);
  const mayCreate = createIn.length > 0;
  const createDefault = [params.workspace, DEFAULT_WORKSPACE].find((w) => createIn.includes(w)) ?? createIn[0];
  const filtered = hasFilters(params);
  // Hidden archived models mean the registry is not empty, just filtered.
  const registryEmpty = total === 0 && !filtered && !params.archived
    && (await listModels({ reader, archived: true, limit: 1 })).total === 0;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Model Registry</h1>
        {mayCreate ? <NewModelButton workspaces={createIn} defaultWorkspace={createDefault} /> : null}
      </div>
      {registryEmpty && params.page === 1 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <h2 className="text-lg font-semibold">No models registered yet</h2>
          <p className="mx-auto mt-1 mb-4 max-w-md text-sm text-slate-600">
            A model groups the checkpoints you want to keep as numbered versions. Create one to get started.
          </p>
          {mayCreate ? <NewModelButton label="Create your first model" workspaces={createIn} defaultWorkspace={createDefault} /> : <p className="text-sm text-slate-500">Ask an editor to create one.</p>}
        </div>
      ) : (
        <>
          <Suspense>
            <ModelFilters labels={labels} aliases={aliasNames} workspaces={workspaces.map((w) => w.name)} />
          </Suspense>
          {models.length === 0 ? (
            <div role="status" className="rounded-lg border border-slate-200 bg-white px-6 py-10 text-center text-sm text-slate-600">
              {total > 0 ? (
                <>This page is past the end. <Link className="link" href={listHref(params, { page: 1 })}>Go to the first page</Link></>
              ) : (
                <>No models match these filters. <Link className="link" href={listHref({ ...DEFAULTS, sort: params.sort, order: params.order })}>Clear filters</Link></>
              )}
            </div>
          ) : (
            <ModelTable models={models} params={params} can={can} />
          )}
          <Pagination page={params.page} size={params.size} total={total} href={(page) => listHref(params, { page })} label="Model list pages">
            <Suspense><PageSizeSelect /></Suspense>
          </Pagination>
        </>
      )}
    </section>
  );
}
