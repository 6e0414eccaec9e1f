"use client";

import { DropdownMenu as M } from "radix-ui";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * Not modal: a modal Radix menu hides the rest of the page with aria-hidden while its
 * links and buttons stay focusable (axe: aria-hidden-focus), and a menu needs no
 * modality anyway (WAI-ARIA menu button pattern). Escape, arrow keys and returning
 * focus to the trigger work the same; Tab or a click outside closes it.
 */
export function DropdownMenu(props: ComponentProps<typeof M.Root>) {
  return <M.Root modal={false} {...props} />;
}
export const DropdownMenuTrigger = M.Trigger;

export function DropdownMenuContent({ className, ...props }: ComponentProps<typeof M.Content>) {
  return (
    <M.Portal>
      <M.Content
        align="end"
        sideOffset={4}
        className={cn("z-50 min-w-40 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg", className)}
        {...props}
      />
    </M.Portal>
  );
}

export function DropdownMenuItem({ className, destructive, ...props }: ComponentProps<typeof M.Item> & { destructive?: boolean }) {
  return (
    <M.Item
      className={cn(
        "flex cursor-default items-center gap-2 rounded px-2 py-1.5 outline-none select-none",
        "data-[highlighted]:bg-slate-100 data-[disabled]:text-slate-400",
        destructive ? "text-red-700 data-[highlighted]:bg-red-50" : "text-slate-800",
        className,
      )}
      {...props}
    />
  );
}

export function DropdownMenuSeparator() {
  return <M.Separator className="my-1 h-px bg-slate-200" />;
}
