"use client";

import { unstable_rethrow, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { setModelArchivedAction } from "@/app/models/actions";
import { deleteModelAndLeaveAction, renameModelAction } from "@/app/models/[name]/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { modelNameProblem } from "@/lib/schemas/model-name";
import { DeleteModelDialog } from "./delete-model-dialog";

type M = { id: number; name: string; archived: boolean; numVersions: number; revision: number };

export function ArchiveToggle({ model, size = "sm" }: { model: M; size?: "sm" | "md" }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function toggle() {
    setPending(true);
    try {
      const r = await setModelArchivedAction(model.id, !model.archived);
      setError(r.ok ? null : r.message);
      if (r.ok) router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <>
      <Button variant="secondary" size={size} onClick={() => void toggle()} disabled={pending}>{model.archived ? "Unarchive" : "Archive"}</Button>
      <FieldError message={error} />
    </>
  );
}

function RenameDialog({ model, open, onOpenChange }: { model: M; open: boolean; onOpenChange: (o: boolean) => void }) {
  const [name, setName] = useState(model.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const problem = modelNameProblem(name);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problem) return;
    setPending(true);
    try {
      // On success the action redirects to the new URL and never returns here.
      const r = await renameModelAction(model.id, name, model.revision);
      if (r && !r.ok) setError(r.fieldErrors.name ?? r.message);
    } catch (err) {
      unstable_rethrow(err); // the redirect (success): Next's router takes it
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }
  const shown = problem ?? error;
  return (
    <Dialog open={open} onOpenChange={(o) => { setName(model.name); setError(null); onOpenChange(o); }}>
      <DialogContent title={`Rename "${model.name}"`} description="Versions stay with the model; links by id keep working.">
        <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
          <Field id="rename-name" label="New name" error={shown}>
            <Input {...describedBy("rename-name", shown)} value={name} onChange={(e) => { setName(e.target.value); setError(null); }} autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={pending || Boolean(problem) || name === model.name}>{pending ? "Renaming…" : "Rename"}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Rename, archive/unarchive and delete for the model page header. */
export function ModelActions({ model, can }: { model: M; can: { edit: boolean; delete: boolean } }) {
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="flex flex-wrap items-start gap-2">
      {can.edit && !model.archived ? <Button variant="secondary" size="sm" onClick={() => setRenaming(true)}>Rename</Button> : null}
      {can.edit ? <ArchiveToggle model={model} /> : null}
      {can.delete ? <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>Delete</Button> : null}
      <RenameDialog model={model} open={renaming} onOpenChange={setRenaming} />
      <DeleteModelDialog
        model={model}
        open={deleting}
        onOpenChange={setDeleting}
        remove={async () => {
          const r = await deleteModelAndLeaveAction(model.id);
          if (r && !r.ok) return r.message;
        }}
      />
    </div>
  );
}
