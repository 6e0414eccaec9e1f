"use client";

import { unstable_rethrow, useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { setModelArchivedAction } from "@/app/models/actions";
import { deleteModelAndLeaveAction, moveModelAction, renameModelAction } from "@/app/models/[name]/actions";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
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

/** Where to move the model; the dialog names both workspaces before anything moves. */
function MoveDialog({ model, from, destinations, open, onOpenChange }: {
  model: M; from: string; destinations: string[]; open: boolean; onOpenChange: (o: boolean) => void;
}) {
  const router = useRouter();
  const [to, setTo] = useState(destinations[0]);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    try {
      const r = await moveModelAction(model.id, to);
      if (!r.ok) { setError(r.message); return; }
      onOpenChange(false);
      router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={(o) => { setTo(destinations[0]); setError(null); onOpenChange(o); }}>
      <DialogContent title={`Move "${model.name}" to another workspace`} description={`It is in ${from} now. Its versions and aliases go with it; who may see and change it then follows the new workspace's roles.`}>
        <form onSubmit={(e) => void submit(e)} className="space-y-4">
          <Field id="move-to" label="Move to" hint="Workspaces where you may edit.">
            <Select {...describedBy("move-to", error)} value={to} onChange={(e) => { setTo(e.target.value); setError(null); }}>
              {destinations.map((w) => <option key={w} value={w}>{w}</option>)}
            </Select>
          </Field>
          <FieldError message={error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={pending}>{pending ? "Moving…" : `Move to ${to}`}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Rename, move, archive/unarchive and delete for the model page header. */
export function ModelActions({ model, can, workspace, destinations = [] }: {
  model: M;
  can: { edit: boolean; delete: boolean; move?: boolean };
  /** Its workspace, and those it may move to (where the user may edit). */
  workspace?: string;
  destinations?: string[];
}) {
  const [renaming, setRenaming] = useState(false);
  const [moving, setMoving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="flex flex-wrap items-start gap-2">
      {can.edit && !model.archived ? <Button variant="secondary" size="sm" onClick={() => setRenaming(true)}>Rename</Button> : null}
      {can.move && destinations.length && !model.archived ? <Button variant="secondary" size="sm" onClick={() => setMoving(true)}>Move…</Button> : null}
      {can.edit ? <ArchiveToggle model={model} /> : null}
      {can.delete ? <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>Delete</Button> : null}
      <RenameDialog model={model} open={renaming} onOpenChange={setRenaming} />
      {destinations.length ? (
        <MoveDialog model={model} from={workspace ?? ""} destinations={destinations} open={moving} onOpenChange={setMoving} />
      ) : null}
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
