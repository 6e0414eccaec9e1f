"use client";

import { Slot } from "radix-ui";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * Focuses its only child once, when it first appears. For content a link reveals by
 * navigating (so the view has a shareable URL): without it the link the keyboard was on
 * disappears and focus falls back to the page.
 */
export function FocusOnMount({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return <Slot.Root ref={ref}>{children}</Slot.Root>;
}
