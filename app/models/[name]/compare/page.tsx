import Link from "next/link";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PAGE_ROWS } from "@/components/compare/cells";
import { CompareView } from "@/components/compare/compare-view";
import { Providers } from "@/components/providers";
import { OnlyDifferencesSwitch } from "@/components/compare/only-differences-switch";
import { Alert } from "@/components/ui/alert";
import { currentActor } from "@/lib/auth/current-actor";
import { RegistryError, compareVersions, readableModel } from "@/lib/registry";
import { compareHref, parseCompareParams } from "@/lib/url/compare-params";
import { decodeSegment } from "@/lib/url/route-segment";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Compare versions · ${decodeSegment((await params).name)}` };
}

/** /models/{name}/compare?v=3&v=7&v=9: 2 to 10 versions side by side (a URL to share). */
export default async function ComparePage({ params, searchParams }: Props) {
  const ref = decodeSegment((await params).name);
  const model = await readableModel(await currentActor(), ref).catch((e) => {
    if (e instanceof RegistryError && (e.code === "NOT_FOUND" || e.code === "INVALID")) notFound();
    throw e;
  });
  const p = parseCompareParams(await searchParams);
  // The paged lists come 500 rows at a time, filtered by "only differences" on the server.
  const result = await compareVersions(model.id, { versions: p.versions, flip: p.flip, only: p.only, limit: PAGE_ROWS }).catch((e) => {
    if (e instanceof RegistryError && (e.code === "NOT_FOUND" || e.code === "INVALID")) return e;
    throw e;
  });
  const modelHref = `/models/${encodeURIComponent(model.name)}`;
  return (
    <article className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/" className="link">Model Registry</Link> <span aria-hidden="true">/</span>{" "}
        <Link href={modelHref} className="link">{model.name}</Link> <span aria-hidden="true">/</span> Compare
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold break-words">Compare versions of {model.name}</h1>
          {!(result instanceof RegistryError) ? (
            <p className="text-sm text-slate-600">
              Versions {result.versions.map((v) => v.version).join(", ")}; changes are against version {result.versions[0].version}, the baseline.
            </p>
          ) : null}
        </div>
        {!(result instanceof RegistryError) ? (
          <OnlyDifferencesSwitch checked={p.only} onHref={compareHref(model.name, { ...p, only: true })} offHref={compareHref(model.name, { ...p, only: false })} />
        ) : null}
      </header>
      {result instanceof RegistryError ? (
        <div className="space-y-3">
          <Alert tone="error">{result.message}</Alert>
          <p className="text-sm">Pick the versions to compare in the <Link className="link" href={modelHref}>versions table of {model.name}</Link>.</p>
        </div>
      ) : <Providers><CompareView c={result} params={p} limit={PAGE_ROWS} /></Providers>}
    </article>
  );
}
