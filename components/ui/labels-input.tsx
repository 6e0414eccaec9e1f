"use client";

import { useId, useState, type KeyboardEvent } from "react";
import { Button } from "./button";
import { Input } from "./input";

/**
 * Edits a list of labels as removable chips. Enter or "Add" adds the typed label;
 * blanks and duplicates are ignored (the server trims and de-duplicates too).
 */
export function LabelsInput({ value, onChange, id, label = "Labels", disabled }: {
  value: string[];
  onChange: (labels: string[]) => void;
  id?: string;
  label?: string;
  disabled?: boolean;
}) {
  const fallbackId = useId();
  const inputId = id ?? fallbackId;
  const [draft, setDraft] = useState("");
  function add() {
    const l = draft.trim();
    if (l && !value.includes(l)) onChange([...value, l]);
    setDraft("");
  }
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "Enter") {
      e.preventDefault(); // inside a form, Enter adds a label rather than submitting
      add();
    }
  }
  return (
    <div className="space-y-2">
      {value.length > 0 ? (
        <ul aria-label={label} className="flex flex-wrap gap-1.5">
          {value.map((l) => (
            <li key={l} className="inline-flex max-w-full items-center gap-1 rounded-full bg-indigo-50 py-0.5 pr-1 pl-2 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 ring-inset">
              <span className="truncate">{l}</span>
              <button
                type="button"
                disabled={disabled}
                onClick={() => onChange(value.filter((x) => x !== l))}
                aria-label={`Remove label ${l}`}
                className="rounded-full px-1 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-900"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex max-w-md gap-2">
        <Input
          id={inputId}
          aria-label={id ? undefined : `Add to ${label.toLowerCase()}`}
          value={draft}
          disabled={disabled}
          placeholder="Add a label"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <Button variant="secondary" onClick={add} disabled={disabled || !draft.trim()}>Add label</Button>
      </div>
    </div>
  );
}
