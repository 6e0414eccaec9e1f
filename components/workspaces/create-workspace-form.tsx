"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createWorkspaceAction } from "@/app/workspaces/actions";
import { Button } from "@/components/ui/button";
import { FieldError, describedBy } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { workspaceNameProblem } from "@/lib/schemas/workspace-name";

/** One field: the new workspace's name, checked as typed with the rule the server applies again. */
export function CreateWorkspaceForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const problem = touched ? workspaceNameProblem(name) : null;
  const shown = problem ?? error;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    setDone(null);
    if (workspaceNameProblem(name)) return;
    setPending(true);
    try {
      const r = await createWorkspaceAction({ name });
      if (!r.ok) { setError(r.fieldErrors.name ?? r.message); return; }
      setDone(`Workspace "${r.data.name}" created; you are its admin.`);
      setName("");
      setTouched(false);
      router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="New workspace" className="flex flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-3">
      <div className="min-w-56 flex-1 space-y-1">
        <Label htmlFor="new-workspace-name">New workspace</Label>
        <Input
          {...describedBy("new-workspace-name", shown)}
          value={name}
          autoComplete="off"
          placeholder="e.g. vision"
          onChange={(e) => { setName(e.target.value); setTouched(true); setError(null); }}
        />
        <FieldError id="new-workspace-name-error" message={shown} />
        {!shown ? <p id="new-workspace-name-hint" className="text-xs text-slate-500">Unique; no slashes, not all digits.</p> : null}
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Creating…" : "Create workspace"}</Button>
      {done ? <p role="status" className="w-full text-sm text-emerald-800">{done}</p> : null}
    </form>
  );
}
