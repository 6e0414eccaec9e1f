"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";
import { ConflictNotice } from "./conflict-notice";
import { useGuardedSave } from "./use-guarded-save";

/** A text field shown as text, edited in place (Edit → Save/Cancel), saved with a revision check. */
export function InlineText({ label, field, value, revision, save, readOnly, multiline, empty = "—", view }: {
  label: string;
  /** Key of the field on the object a CONFLICT reports back. */
  field: string;
  value: string;
  revision: number;
  save: (value: string, expectedRevision: number) => Promise<ActionResult<unknown>>;
  readOnly?: boolean;
  multiline?: boolean;
  empty?: ReactNode;
  view?: (value: string) => ReactNode;
}) {
  const router = useRouter();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState(value);
  const [draft, setDraft] = useState(value);
  const guarded = useGuardedSave<string>({
    revision, base, save,
    pick: (current) => String((current as Record<string, unknown>)[field] ?? ""),
    onSaved: () => setEditing(false),
  });
  const show = (v: string) => (v ? (view ? view(v) : <span className="whitespace-pre-wrap">{v}</span>) : <span className="text-slate-500">{empty}</span>);

  if (!editing) {
    return (
      <div className="group flex min-w-0 items-start gap-2">
        <div className="min-w-0 break-words">{show(value)}</div>
        {!readOnly ? (
          <Button variant="ghost" size="sm" className="-my-1" onClick={() => { setBase(value); setDraft(value); guarded.reset(); setEditing(true); }}>
            Edit {label.toLowerCase()}
          </Button>
        ) : null}
      </div>
    );
  }
  const error = guarded.fieldErrors[field] ?? guarded.error;
  const Control = multiline ? Textarea : Input;
  return (
    <form className="space-y-2" onSubmit={(e) => { e.preventDefault(); void guarded.submit(draft); }}>
      <Control
        id={id}
        aria-label={label}
        value={draft}
        autoFocus
        rows={multiline ? 3 : undefined}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => { if (e.key === "Escape") setEditing(false); }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <FieldError id={`${id}-error`} message={error} />
      {guarded.conflict ? (
        <ConflictNotice
          what={label.toLowerCase()}
          theirs={show(guarded.conflict.theirs)}
          mine={show(draft)}
          pending={guarded.pending}
          onOverwrite={() => void guarded.overwrite(draft)}
          onTakeTheirs={() => { guarded.reset(); setEditing(false); router.refresh(); }}
        />
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={guarded.pending}>{guarded.pending ? "Saving…" : `Save ${label.toLowerCase()}`}</Button>
        <Button variant="secondary" size="sm" onClick={() => { guarded.reset(); setEditing(false); }} disabled={guarded.pending}>Cancel</Button>
      </div>
    </form>
  );
}
