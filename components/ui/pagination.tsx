import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "./button";
import { cn } from "./cn";

/** Previous/next links plus "21–40 of 123"; `href(page)` builds each page's URL. Server-rendered. */
export function Pagination({ page, size, total, href, label = "Pagination", children }: {
  page: number;
  size: number;
  total: number;
  href: (page: number) => string;
  label?: string;
  children?: ReactNode;
}) {
  const pages = Math.max(1, Math.ceil(total / size));
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  const link = (to: number, text: string, rel: string) =>
    to < 1 || to > pages ? (
      <span aria-disabled="true" className={cn(buttonClass("secondary", "sm"), "cursor-not-allowed text-slate-400")}>{text}</span>
    ) : (
      <Link href={href(to)} rel={rel} scroll={false} className={buttonClass("secondary", "sm")}>{text}</Link>
    );
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p aria-live="polite">
        {total === 0 ? "No results" : `${first}–${last} of ${total}`}
        {pages > 1 ? <span className="text-slate-500"> · page {Math.min(page, pages)} of {pages}</span> : null}
      </p>
      <div className="flex items-center gap-3">
        {children}
        {pages > 1 || page > 1 ? (
          <div className="flex gap-1.5">
            {link(page - 1, "Previous", "prev")}
            {link(page + 1, "Next", "next")}
          </div>
        ) : null}
      </div>
    </nav>
  );
}
