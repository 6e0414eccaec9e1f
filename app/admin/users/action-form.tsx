"use client";

import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import type { AdminFormState } from "./actions";

/** A form bound to one admin action, showing its outcome (and a new token, once) below it. */
export function ActionForm({ action, submit, children, className, danger }: {
  action: (prev: AdminFormState, form: FormData) => Promise<AdminFormState>;
  submit: string;
  children?: ReactNode;
  className?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: null, message: "" });
  return (
    <form action={formAction} className={className ?? "flex flex-wrap items-end gap-2"}>
      {children}
      <Button type="submit" size="sm" variant={danger ? "danger" : "secondary"} disabled={pending}>{submit}</Button>
      {state.ok !== null ? (
        <Alert tone={state.ok ? "info" : "error"} className="basis-full">
          {state.message}
          {state.token ? (
            <span className="mt-1 flex items-center gap-2 font-mono text-xs">
              <code data-testid="new-token" className="break-all">{state.token}</code>
              <CopyButton value={state.token} />
            </span>
          ) : null}
        </Alert>
      ) : null}
    </form>
  );
}
