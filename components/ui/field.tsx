import type { ReactNode } from "react";
import { Label } from "./label";

/** A labelled control with its hint and error beside it; `id` ties them together for screen readers. */
export function Field({ id, label, hint, error, children }: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && !error ? <p id={`${id}-hint`} className="text-xs text-slate-500">{hint}</p> : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldError({ id, message }: { id?: string; message?: string | null }) {
  if (!message) return null;
  return <p id={id} role="alert" className="text-xs font-medium text-red-700">{message}</p>;
}

/** aria attributes for a control rendered inside <Field id=...>. */
export function describedBy(id: string, error?: string | null) {
  return { id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : `${id}-hint` } as const;
}
