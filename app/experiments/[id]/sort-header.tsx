import Link from "next/link";
import type { ReactNode } from "react";

/** A column header that sorts by its column; aria-sort tells screen readers the current order. */
export function SortHeader({ href, active, order, align = "left", children }: {
  href: string;
  active: boolean;
  order: "asc" | "desc";
  align?: "left" | "right";
  children: ReactNode;
}) {
  return (
    <th
      scope="col"
      aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}
      className={`px-3 py-2 font-medium whitespace-nowrap ${align === "right" ? "text-right" : "text-left"}`}
    >
      <Link href={href} scroll={false} className={`inline-flex items-center gap-1 rounded hover:text-indigo-700 ${active ? "text-slate-900" : ""}`}>
        {children}
        <span aria-hidden="true" className={active ? "text-indigo-700" : "text-slate-500"}>
          {active && order === "desc" ? "▼" : "▲"}
        </span>
      </Link>
    </th>
  );
}
