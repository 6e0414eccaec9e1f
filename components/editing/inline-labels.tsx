"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { FieldError } from "@/components/ui/field";
import { LabelsInput } from "@/components/ui/labels-input";
import type { ActionResult } from "@/lib/actions/result";
import { ConflictNotice } from "./conflict-notice";
import { useGuardedSave } from "./use-guarded-save";

const chips = (labels: string[]) =>
  labels.length ? (
    <ul className="flex flex-wrap gap-1">{labels.map((l) => <li key={l}><Badge tone="indigo">{l}</Badge></li>)}</ul>
  ) : <span className="text-slate-500">No labels</span>;

/** Labels added or removed one at a time; each change saves at once. */
export function InlineLabels({ labels, revision, save, readOnly, subject }: {
  labels: string[];
  revision: number;
  save: (labels: string[], expectedRevision: number) => Promise<ActionResult<unknown>>;
  readOnly?: boolean;
  /** e.g. the model's name, for "Labels of …" */
  subject: string;
}) {
  const router = useRouter();
  const [pendingValue, setPendingValue] = useState<string[] | null>(null);
  // Keep showing what was saved until the refreshed props (a new revision) arrive:
  // falling back to the stale props in between would let the next quick edit build
  // on the old list and silently undo the previous one.
  const [seenRevision, setSeenRevision] = useState(revision);
  if (revision !== seenRevision) {
    setSeenRevision(revision);
    setPendingValue(null);
  }
  const guarded = useGuardedSave<string[]>({
    revision, base: labels, save,
    pick: (current) => ((current as { labels?: string[] }).labels ?? []),
  });
  if (readOnly) return chips(labels);
  const shown = pendingValue ?? labels;
  return (
    <div className="space-y-2">
      <LabelsInput
        label={`Labels of ${subject}`}
        value={shown}
        disabled={guarded.pending}
        onChange={(next) => { setPendingValue(next); void guarded.submit(next); }}
      />
      <p aria-live="polite" className="text-xs text-slate-500">
        {guarded.pending ? "Saving labels…" : guarded.saved ? "Labels saved" : ""}
      </p>
      <FieldError message={guarded.fieldErrors.labels ?? guarded.error} />
      {guarded.conflict ? (
        <ConflictNotice
          what="labels"
          theirs={chips(guarded.conflict.theirs)}
          mine={chips(shown)}
          pending={guarded.pending}
          onOverwrite={() => void guarded.overwrite(shown)}
          onTakeTheirs={() => { guarded.reset(); setPendingValue(null); router.refresh(); }}
        />
      ) : null}
    </div>
  );
}
