"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConflictNotice } from "@/components/editing/conflict-notice";
import { useGuardedSave } from "@/components/editing/use-guarded-save";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/result";
import { MetadataRows, parseMetadataRows, rowsFromMetadata, type MetadataRow, type RowErrors } from "./metadata-rows";

export { MetadataRows, parseMetadataRows, rowsFromMetadata, type MetadataRow, type RowErrors };

type Meta = Record<string, unknown>;

export function MetadataView({ metadata }: { metadata: Meta }) {
  const entries = Object.entries(metadata);
  if (entries.length === 0) return <p className="text-sm text-slate-500">No metadata.</p>;
  return (
    <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-1.5 text-sm">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-xs break-all text-slate-600">{k}</dt>
          <dd className="min-w-0">
            <pre className="font-mono text-xs break-all whitespace-pre-wrap text-slate-900">{JSON.stringify(v, null, 2)}</pre>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * View + edit of a metadata object, saved whole. `save` gets the revision the page loaded
 * (see useGuardedSave for how conflicts are handled).
 */
export function MetadataEditor({ metadata, revision, readOnly, save, heading = "Metadata" }: {
  metadata: Meta;
  revision: number;
  readOnly?: boolean;
  save: (metadata: Meta, expectedRevision: number) => Promise<ActionResult<unknown>>;
  heading?: string;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState(metadata);
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const guarded = useGuardedSave<Meta>({
    revision, base, save,
    pick: (current) => ((current as { metadata?: Meta }).metadata ?? {}),
    onSaved: () => setEditing(false),
  });

  function start() {
    setBase(metadata);
    setRows(rowsFromMetadata(metadata));
    setRowErrors({});
    guarded.reset();
    setEditing(true);
  }
  function parsed(): Meta | null {
    const p = parseMetadataRows(rows);
    setRowErrors(p.ok ? {} : p.errors);
    return p.ok ? p.metadata : null;
  }
  const submit = () => { const m = parsed(); if (m) void guarded.submit(m); };
  const overwrite = () => { const m = parsed(); if (m) void guarded.overwrite(m); };

  return (
    <section aria-labelledby="metadata-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="metadata-heading" className="text-base font-semibold">{heading}</h2>
        {!editing && !readOnly ? <Button variant="secondary" size="sm" onClick={start}>Edit metadata</Button> : null}
      </div>
      {!editing ? <MetadataView metadata={metadata} /> : (
        <div className="space-y-3">
          <MetadataRows rows={rows} onChange={setRows} errors={rowErrors} disabled={guarded.pending} />
          <FieldError message={guarded.error} />
          {guarded.conflict ? (
            <ConflictNotice
              what="metadata"
              theirs={<MetadataView metadata={guarded.conflict.theirs} />}
              mine={<MetadataView metadata={parseMetadataRows(rows).ok ? (parseMetadataRows(rows) as { metadata: Meta }).metadata : {}} />}
              pending={guarded.pending}
              onOverwrite={overwrite}
              onTakeTheirs={() => { guarded.reset(); setEditing(false); router.refresh(); }}
            />
          ) : null}
          <div className="flex gap-2">
            <Button onClick={submit} disabled={guarded.pending}>{guarded.pending ? "Saving…" : "Save metadata"}</Button>
            <Button variant="secondary" onClick={() => { guarded.reset(); setEditing(false); }} disabled={guarded.pending}>Cancel</Button>
          </div>
        </div>
      )}
    </section>
  );
}
