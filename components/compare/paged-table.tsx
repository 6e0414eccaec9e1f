"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useRef, type ReactNode } from "react";
import { loadCompareSectionAction } from "@/app/models/[name]/compare/actions";
import type { FileRow } from "@/lib/compare/files-diff";
import { formatPath } from "@/lib/compare/json-diff";
import type { SectionPage } from "@/lib/compare/sections";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format";
import { compareKeys } from "@/lib/query/keys";
import type { TSentRow } from "@/lib/registry";
import { Absent, Cell, Row, StatusTag, VersionTable, showJson } from "./cells";

/** What the page asked for, so "Show more" asks the same (and its cursor matches). */
export type PagedRequest = { modelId: number; versions: number[]; flip: string[]; only: boolean; limit: number };

type Props = {
  caption: string;
  heads: ReactNode[];
  request: PagedRequest;
} & (
  | { section: "hyperparameters" | "metadata" | "checkpointMetadata"; rows: TSentRow[]; page: SectionPage }
  | { section: "files"; rows: FileRow[]; page: SectionPage }
);

/** A value as the table shows it; a long one came as a preview and says how big it is. */
function Value({ value, bytes }: { value: unknown; bytes?: number }) {
  if (bytes === undefined) return <code className="font-mono text-xs">{showJson(value)}</code>;
  return (
    <>
      <code className="font-mono text-xs">{String(value)}…</code>
      <span className="block text-xs text-slate-600">({formatBytes(bytes)} in all; shown: the first 1,000 characters)</span>
    </>
  );
}

function AlignedRowView({ r, headRef }: { r: TSentRow; headRef?: (el: HTMLTableCellElement | null) => void }) {
  return (
    <Row key={r.key} headRef={headRef} head={<code className="font-mono text-xs">{formatPath(r.path)}</code>} differs={r.differs}>
      {r.cells.map((c, i) => (
        <Cell key={i}>
          {c.present ? <Value value={c.value} bytes={c.bytes} /> : <Absent />}
          <StatusTag status={c.status} />
        </Cell>
      ))}
    </Row>
  );
}

function FileRowView({ f, headRef }: { f: FileRow; headRef?: (el: HTMLTableCellElement | null) => void }) {
  return (
    <Row key={f.path} headRef={headRef} differs={f.differs} head={
      <span><code className="font-mono text-xs">{f.path}</code><span className="block text-xs font-normal text-slate-600">compared by {f.comparedBy === "sha256" ? "SHA-256" : "size"}</span></span>
    }>
      {f.cells.map((x, i) => (
        <Cell key={i}>
          {x.size === null ? <Absent /> : formatBytes(x.size)}
          {x.sha256 ? <code className="block font-mono text-[11px] text-slate-600" title={x.sha256}>sha256 {x.sha256.slice(0, 12)}…</code> : null}
          {i > 0 ? <StatusTag status={x.status} /> : null}
        </Cell>
      ))}
    </Row>
  );
}

/**
 * One paged list of the compare page: the server rendered its first page; "Show more"
 * loads the next through the same domain read as REST's `?section=...&after=...`
 * (decision 140). After a load, focus moves to the first new row so a keyboard user
 * carries on reading where the list grew; a live region says how far the list is shown.
 */
export function PagedTable(props: Props) {
  const { caption, heads, request, section } = props;
  const first = props.page;
  const query = useInfiniteQuery({
    queryKey: compareKeys.section({ ...request, section, first: first.next }),
    queryFn: async ({ pageParam }) => {
      const r = await loadCompareSectionAction(request.modelId, { ...request, section, after: pageParam });
      if (!r.ok) throw new Error(r.message);
      return { rows: r.data.rows as unknown[], page: r.data.page };
    },
    initialPageParam: null as string | null,
    initialData: { pages: [{ rows: props.rows as unknown[], page: first }], pageParams: [null] },
    getNextPageParam: (last) => last.page.next,
    staleTime: Infinity,
  });
  const pages = query.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.rows);
  const total = pages.at(-1)?.page.total ?? first.total;
  const left = total - rows.length;
  const noun = request.only ? "differences" : "rows";

  // Focus the first row a "Show more" added, once it is rendered.
  const focusAt = useRef<number | null>(null);
  const heads$ = useRef(new Map<number, HTMLTableCellElement>());
  useEffect(() => {
    const at = focusAt.current;
    if (at === null || rows.length <= at) return;
    heads$.current.get(at)?.focus();
    focusAt.current = null;
  }, [rows.length]);
  const refAt = (i: number) => (el: HTMLTableCellElement | null) => {
    if (el) heads$.current.set(i, el);
    else heads$.current.delete(i);
  };

  const more = async () => {
    focusAt.current = rows.length;
    const r = await query.fetchNextPage();
    if (r.isError) focusAt.current = null;
  };
  const nextCount = Math.min(left, request.limit);

  return (
    <>
      <VersionTable caption={caption} heads={heads} first={section === "files" ? "File" : "Path"}>
        {section === "files"
          ? (rows as FileRow[]).map((f, i) => <FileRowView key={f.path} f={f} headRef={refAt(i)} />)
          : (rows as TSentRow[]).map((r, i) => <AlignedRowView key={r.key} r={r} headRef={refAt(i)} />)}
      </VersionTable>
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-xs text-slate-600" role="status" aria-live="polite">
          {left > 0
            ? `Showing ${rows.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} ${noun}; ${left.toLocaleString("en-US")} more ${noun}.`
            : rows.length > first.returned ? `Showing all ${total.toLocaleString("en-US")} ${noun}.` : null}
        </p>
        {left > 0 ? (
          // aria-disabled rather than disabled while loading: the button keeps focus.
          <Button variant="secondary" size="sm" onClick={() => { if (!query.isFetchingNextPage) void more(); }}
            aria-disabled={query.isFetchingNextPage || undefined}>
            {query.isFetchingNextPage ? "Loading…" : `Show ${nextCount.toLocaleString("en-US")} more ${noun}`}
          </Button>
        ) : null}
      </div>
      {query.isFetchNextPageError ? <p role="alert" className="text-sm text-red-800">Could not load more: {query.error?.message}</p> : null}
    </>
  );
}
