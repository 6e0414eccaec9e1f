import { Skeleton } from "@/components/ui/skeleton";

/**
 * The list's skeleton. Scoped to this route group on purpose: a loading boundary above
 * the model pages would start streaming before notFound() and turn their 404s into 200s.
 */
export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="flex items-center justify-between">
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-9 w-28" />
      </div>
      <div className="grid gap-3 sm:grid-cols-4">
        {Array.from({ length: 4 }, (_, i) => <Skeleton key={i} className="h-9" />)}
      </div>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
        {Array.from({ length: 8 }, (_, i) => <Skeleton key={i} className="h-7" />)}
      </div>
    </div>
  );
}
