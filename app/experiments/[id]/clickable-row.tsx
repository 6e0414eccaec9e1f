"use client";

import { useRouter } from "next/navigation";
import { useTransition, type ReactNode } from "react";

/**
 * A table row that opens `href` when clicked anywhere. Keyboard and screen-reader
 * users get the real link inside the row; this only widens the mouse target.
 */
export function ClickableRow({ href, className, children }: { href: string; className?: string; children: ReactNode }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <tr
      aria-busy={pending || undefined}
      className={`cursor-pointer ${pending ? "bg-indigo-50 opacity-70" : ""} ${className ?? ""}`}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest("a, button, input, select, textarea")) return;
        if (window.getSelection()?.toString()) return; // selecting text is not a click
        startTransition(() => router.push(href, { scroll: false }));
      }}
    >
      {children}
    </tr>
  );
}
