"use client";

import { unstable_rethrow } from "next/navigation";
import { AlertDialog as A } from "radix-ui";
import { useRef, useState, type ReactNode } from "react";
import { Button, buttonClass } from "./button";
import { FieldError } from "./field";

/**
 * A destructive-action confirmation. `onConfirm` may return an error message,
 * which is shown inside the dialog instead of closing it.
 */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, onConfirm, onCloseAutoFocus }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<string | void>;
  /** Where focus goes on close, when not back to what opened it (say, that was removed): call preventDefault and focus it. */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Opened without a Radix Trigger (from a menu, a form), so Radix would return focus
  // to nothing on close: remember what had it and go back there, if it is still shown.
  const opener = useRef<HTMLElement | null>(null);
  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const problem = await onConfirm();
      if (problem) setError(problem);
      else onOpenChange(false);
    } catch (err) {
      unstable_rethrow(err); // an action that redirects on success rejects with the redirect: Next's router takes it
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <A.Root open={open} onOpenChange={(o) => { setError(null); onOpenChange(o); }}>
      <A.Portal>
        <A.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <A.Content
          onOpenAutoFocus={() => { opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null; }}
          onCloseAutoFocus={(e) => {
            onCloseAutoFocus?.(e);
            if (e.defaultPrevented || !opener.current?.isConnected) return;
            e.preventDefault();
            opener.current.focus();
          }}
          className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-1.5rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl">
          <A.Title className="text-lg font-semibold text-slate-900">{title}</A.Title>
          <A.Description className="mt-2 text-sm text-slate-700">{description}</A.Description>
          <FieldError message={error} />
          <div className="mt-5 flex justify-end gap-2">
            <A.Cancel className={buttonClass("secondary")}>Cancel</A.Cancel>
            {/* Not A.Action: that closes the dialog before the work is done. */}
            <Button variant="danger" onClick={() => void confirm()} disabled={pending}>
              {pending ? "Working…" : confirmLabel}
            </Button>
          </div>
        </A.Content>
      </A.Portal>
    </A.Root>
  );
}
