"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

export type MetadataRow = { key: string; value: string };
export type RowErrors = Record<number, { key?: string; value?: string }>;
type Parsed = { ok: true; metadata: Record<string, unknown> } | { ok: false; errors: RowErrors };

export function rowsFromMetadata(metadata: Record<string, unknown>): MetadataRow[] {
  return Object.entries(metadata).map(([key, v]) => ({ key, value: JSON.stringify(v, null, typeof v === "object" && v ? 2 : undefined) }));
}

/** Each value must be JSON (`"text"`, `42`, `{"a": 1}`); keys must be present and unique. */
export function parseMetadataRows(rows: MetadataRow[]): Parsed {
  const errors: RowErrors = {};
  const metadata: Record<string, unknown> = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const e: { key?: string; value?: string } = {};
    const key = row.key.trim();
    if (!key) e.key = "Key is required.";
    else if (seen.has(key)) e.key = `Duplicate key "${key}".`;
    seen.add(key);
    try {
      if (row.value.trim() === "") throw new Error("empty");
      metadata[key] = JSON.parse(row.value);
    } catch {
      e.value = row.value.trim() === ""
        ? "Value is required (any JSON)."
        : 'Not valid JSON. Put text in double quotes, e.g. "adam".';
    }
    if (e.key || e.value) errors[i] = e;
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, metadata };
}

/** Controlled key/value rows; used by the metadata editor and by create/register forms. */
export function MetadataRows({ rows, onChange, errors = {}, disabled }: {
  rows: MetadataRow[];
  onChange: (rows: MetadataRow[]) => void;
  errors?: RowErrors;
  disabled?: boolean;
}) {
  const base = useId();
  const set = (i: number, patch: Partial<MetadataRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-2">
      {rows.length === 0 ? <p className="text-sm text-slate-500">No metadata.</p> : null}
      {rows.map((row, i) => {
        const e = errors[i] ?? {};
        const id = `${base}-${i}`;
        return (
          <div key={i} role="group" aria-label={`Metadata entry ${i + 1}`} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto]">
            <div>
              <Input
                aria-label={`Key ${i + 1}`}
                value={row.key}
                disabled={disabled}
                placeholder="key"
                onChange={(ev) => set(i, { key: ev.target.value })}
                aria-invalid={e.key ? true : undefined}
                aria-describedby={e.key ? `${id}-key-error` : undefined}
              />
              <FieldError id={`${id}-key-error`} message={e.key} />
            </div>
            <div>
              <Textarea
                aria-label={`Value ${i + 1} (JSON)`}
                value={row.value}
                disabled={disabled}
                rows={Math.min(8, Math.max(1, row.value.split("\n").length))}
                className="min-h-9 font-mono text-xs"
                placeholder={'"text", 42, true or {"a": 1}'}
                onChange={(ev) => set(i, { value: ev.target.value })}
                aria-invalid={e.value ? true : undefined}
                aria-describedby={e.value ? `${id}-value-error` : undefined}
              />
              <FieldError id={`${id}-value-error`} message={e.value} />
            </div>
            <Button variant="ghost" size="sm" disabled={disabled} aria-label={`Remove entry ${row.key || i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </div>
        );
      })}
      <Button variant="secondary" size="sm" disabled={disabled} onClick={() => onChange([...rows, { key: "", value: "" }])}>
        Add entry
      </Button>
    </div>
  );
}
