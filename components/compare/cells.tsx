import type { ReactNode } from "react";
import type { CellStatus } from "@/lib/compare/json-diff";
import { cn } from "@/components/ui/cn";

/** Rows per page of a paged section on the compare page ("Show more" loads as many again). */
export const PAGE_ROWS = 500;

const STATUS_TEXT: Record<CellStatus | "same", string> = {
  same: "", changed: "changed", type: "type changed", added: "added", removed: "removed", absent: "",
};

/** A value's status against the baseline, in words (never only a colour). */
export function StatusTag({ status }: { status: CellStatus }) {
  const text = STATUS_TEXT[status];
  if (!text) return null;
  return <span className="ml-1 rounded bg-amber-100 px-1 text-[11px] font-medium whitespace-nowrap text-amber-900">{text}</span>;
}

export const showJson = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function Absent() {
  return <span className="text-slate-500 italic">absent</span>;
}

/** A table with one column per version; `rowHead` names the row (a field, a path, a metric). */
export function VersionTable({ caption, heads, children, first = "Field" }: { caption: string; heads: ReactNode[]; children: ReactNode; first?: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">{first}</th>
            {heads.map((h, i) => <th key={i} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{h}</th>)}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A row; one that differs is tinted and says so in text ("≠ differs"). */
export function Row({ head, differs, children, headRef }: { head: ReactNode; differs: boolean; children: ReactNode; headRef?: (el: HTMLTableCellElement | null) => void }) {
  return (
    <tr className={cn("border-b border-slate-100 last:border-0 align-top", differs && "bg-amber-50")}>
      <th scope="row" ref={headRef} tabIndex={headRef ? -1 : undefined} className="max-w-64 px-3 py-2 text-left font-medium break-words text-slate-800 focus:outline-2 focus:outline-sky-600">
        {head}
        {differs ? <span className="ml-1 text-xs font-normal text-amber-900"><span aria-hidden="true">≠</span> differs</span> : null}
      </th>
      {children}
    </tr>
  );
}

export function Cell({ children, className }: { children: ReactNode; className?: string }) {
  return <td className={cn("max-w-72 px-3 py-2 break-words", className)}>{children}</td>;
}
