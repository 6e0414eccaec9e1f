"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConflictNotice } from "@/components/editing/conflict-notice";
import { useGuardedSave } from "@/components/editing/use-guarded-save";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import type { ActionResult } from "@/lib/actions/result";
import { Markdown } from "./markdown";

/** Longform Markdown notes with an Edit / Preview switch, saved with a revision check. */
export function NotesEditor({ notes, revision, readOnly, save }: {
  notes: string;
  revision: number;
  readOnly?: boolean;
  save: (notes: string, expectedRevision: number) => Promise<ActionResult<unknown>>;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [base, setBase] = useState(notes);
  const [draft, setDraft] = useState(notes);
  const [tab, setTab] = useState("edit");
  const guarded = useGuardedSave<string>({
    revision, base, save,
    pick: (current) => (current as { notes?: string }).notes ?? "",
    onSaved: () => setEditing(false),
  });
  function start() {
    setBase(notes);
    setDraft(notes);
    setTab("edit");
    guarded.reset();
    setEditing(true);
  }

  return (
    <section aria-labelledby="notes-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 id="notes-heading" className="text-base font-semibold">Notes</h2>
        {!editing && !readOnly ? <Button variant="secondary" size="sm" onClick={start}>Edit notes</Button> : null}
      </div>
      {!editing ? (
        notes.trim() ? <Markdown>{notes}</Markdown> : <p className="text-sm text-slate-500">No notes yet.</p>
      ) : (
        <div className="space-y-3">
          <Tabs value={tab} onValueChange={setTab}>
            <TabsList aria-label="Notes editor mode">
              <TabsTrigger value="edit">Edit</TabsTrigger>
              <TabsTrigger value="preview">Preview</TabsTrigger>
            </TabsList>
            <TabsContent value="edit" className="mt-2">
              <Textarea
                aria-label="Notes (Markdown)"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                rows={14}
                className="font-mono text-xs"
                placeholder="Markdown: # headings, **bold**, tables, - [ ] task lists, ```code```"
              />
            </TabsContent>
            <TabsContent value="preview" className="mt-2 min-h-24 rounded-md border border-slate-200 p-3">
              {draft.trim() ? <Markdown>{draft}</Markdown> : <p className="text-sm text-slate-500">Nothing to preview.</p>}
            </TabsContent>
          </Tabs>
          <FieldError message={guarded.error ?? guarded.fieldErrors.notes} />
          {guarded.conflict ? (
            <ConflictNotice
              what="notes"
              theirs={<Markdown>{guarded.conflict.theirs}</Markdown>}
              mine={<Markdown>{draft}</Markdown>}
              pending={guarded.pending}
              onOverwrite={() => void guarded.overwrite(draft)}
              onTakeTheirs={() => { guarded.reset(); setEditing(false); router.refresh(); }}
            />
          ) : null}
          <div className="flex gap-2">
            <Button onClick={() => void guarded.submit(draft)} disabled={guarded.pending}>{guarded.pending ? "Saving…" : "Save notes"}</Button>
            <Button variant="secondary" onClick={() => { guarded.reset(); setEditing(false); }} disabled={guarded.pending}>Cancel</Button>
          </div>
        </div>
      )}
    </section>
  );
}
