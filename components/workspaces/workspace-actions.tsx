"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { deleteWorkspaceAction, renameWorkspaceAction, setWorkspaceArchivedAction } from "@/app/workspaces/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { workspaceNameProblem } from "@/lib/schemas/workspace-name";

type W = { id: number; name: string; archived: boolean; numModels: number };

function RenameDialog({ workspace, open, onOpenChange }: { workspace: W; open: boolean; onOpenChange: (o: boolean) => void }) {
  const router = useRouter();
  const [name, setName] = useState(workspace.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const problem = workspaceNameProblem(name);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problem) return;
    setPending(true);
    try {
      const r = await renameWorkspaceAction(workspace.id, name);
      if (!r.ok) { setError(r.fieldErrors.name ?? r.message); return; }
      onOpenChange(false);
      router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }
  const shown = problem ?? error;
  const id = `rename-workspace-${workspace.id}`;
  return (
    <Dialog open={open} onOpenChange={(o) => { setName(workspace.name); setError(null); onOpenChange(o); }}>
      <DialogContent title={`Rename workspace "${workspace.name}"`} description="Its models, roles and history stay with it.">
        <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
          <Field id={id} label="New name" error={shown}>
            <Input {...describedBy(id, shown)} value={name} onChange={(e) => { setName(e.target.value); setError(null); }} autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => onOpenChange(false)}>Cancel</Button>
            <Button type="submit" disabled={pending || Boolean(problem) || name === workspace.name}>{pending ? "Renaming…" : "Rename"}</Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Rename, archive/unarchive and delete (with confirmation) for one workspace the user manages. */
export function WorkspaceActions({ workspace }: { workspace: W }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggleArchived() {
    setError(null);
    try {
      const r = await setWorkspaceArchivedAction(workspace.id, !workspace.archived);
      if (!r.ok) setError(r.message);
      else router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    }
  }
  return (
    <div className="flex flex-wrap justify-end gap-2">
      <Button variant="secondary" size="sm" onClick={() => setRenaming(true)} aria-label={`Rename ${workspace.name}`}>Rename</Button>
      <Button variant="secondary" size="sm" onClick={() => void toggleArchived()} aria-label={`${workspace.archived ? "Unarchive" : "Archive"} ${workspace.name}`}>
        {workspace.archived ? "Unarchive" : "Archive"}
      </Button>
      <Button variant="danger" size="sm" onClick={() => setDeleting(true)} aria-label={`Delete ${workspace.name}`}>Delete</Button>
      <FieldError message={error} />
      <RenameDialog workspace={workspace} open={renaming} onOpenChange={setRenaming} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete workspace "${workspace.name}"?`}
        description={workspace.numModels
          ? `It holds ${workspace.numModels} model${workspace.numModels === 1 ? "" : "s"}: only an empty workspace can be deleted. Move or delete them first.`
          : "Its roles go with it. This cannot be undone."}
        confirmLabel="Delete workspace"
        onConfirm={async () => {
          const r = await deleteWorkspaceAction(workspace.id);
          if (!r.ok) return r.message;
          router.refresh();
        }}
      />
    </div>
  );
}
