import Link from "next/link";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { listAliases, listVersions } from "@/lib/registry";
import { CompareForm } from "./compare-form";
import { VersionsTable } from "./versions-table";

const PAGE_SIZE = 20;

/**
 * The versions table streams in under a Suspense boundary on the model page, so the
 * header shows at once; the model itself was already loaded, so a missing model is
 * still a 404 (the boundary sits below the notFound() check).
 */
export async function VersionsSection({ model, page }: { model: { id: number; name: string }; page: number }) {
  const [{ versions, total }, { protectedAliases }] = await Promise.all([
    listVersions(model.id, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    listAliases(model.id),
  ]);
  const base = `/models/${encodeURIComponent(model.name)}`;
  if (total === 0) {
    return (
      <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-sm text-slate-600">
        No versions yet. Register a checkpoint from an <Link className="link" href="/experiments">experiment</Link>, or with
        <code className="mx-1 rounded bg-slate-100 px-1 font-mono text-xs">det model register-version</code>.
      </p>
    );
  }
  return (
    <>
      <CompareForm modelName={model.name}>
        <VersionsTable modelName={model.name} versions={versions} protectedAliases={protectedAliases} />
      </CompareForm>
      <Pagination page={page} size={PAGE_SIZE} total={total} label="Version pages" href={(p) => (p > 1 ? `${base}?page=${p}` : base)} />
    </>
  );
}

export function VersionsSkeleton() {
  return (
    <div role="status" aria-label="Loading versions" className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
      {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-7" />)}
    </div>
  );
}
