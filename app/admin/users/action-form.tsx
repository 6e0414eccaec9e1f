"use client";

import { useActionState, useRef, useState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import type { AdminFormState } from "./actions";

export type Confirmation = { title: string; description: ReactNode; confirmLabel: string };

/**
 * A form bound to one admin action, showing its outcome (and a new token, once) below
 * it. With `confirm`, submitting first asks in a dialog: for what cannot be undone,
 * such as revoking a token or replacing a password (which signs the user out).
 */
export function ActionForm({ action, submit, submitName, children, className, danger, confirm, tokenLabel = "Copy token" }: {
  action: (prev: AdminFormState, form: FormData) => Promise<AdminFormState>;
  submit: string;
  /** The button's accessible name when "submit" alone is ambiguous (one per table row); it starts with `submit`. */
  submitName?: string;
  children?: ReactNode;
  className?: string;
  danger?: boolean;
  confirm?: Confirmation;
  /** The copy button's name for the value shown once (a token, a webhook secret). */
  tokenLabel?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: null, message: "" });
  const form = useRef<HTMLFormElement>(null);
  const confirmed = useRef(false);
  const [asking, setAsking] = useState(false);
  return (
    <form
      ref={form}
      action={formAction}
      className={className ?? "flex flex-wrap items-end gap-2"}
      // The browser has checked required fields by now; a prevented submit runs no action.
      onSubmit={(e) => {
        if (confirm && !confirmed.current) {
          e.preventDefault();
          setAsking(true);
        }
        confirmed.current = false;
      }}
    >
      {children}
      <Button type="submit" size="sm" variant={danger ? "danger" : "secondary"} disabled={pending} aria-label={submitName}>{submit}</Button>
      {confirm ? (
        <ConfirmDialog
          open={asking}
          onOpenChange={setAsking}
          title={confirm.title}
          description={confirm.description}
          confirmLabel={confirm.confirmLabel}
          onConfirm={async () => {
            confirmed.current = true;
            form.current?.requestSubmit();
          }}
        />
      ) : null}
      {state.ok !== null ? (
        <Alert tone={state.ok ? "info" : "error"} className="basis-full">
          {state.message}
          {state.token ? (
            <span className="mt-1 flex items-center gap-2 font-mono text-xs">
              <code data-testid="new-token" className="break-all">{state.token}</code>
              <CopyButton value={state.token} label={tokenLabel} />
            </span>
          ) : null}
        </Alert>
      ) : null}
    </form>
  );
}
