"use client";

import { useId, useState, type FormEvent } from "react";
import { createModelAction } from "@/app/models/actions";
import { MetadataRows, parseMetadataRows, type MetadataRow, type RowErrors } from "@/components/metadata/metadata-rows";
import { Button } from "@/components/ui/button";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { LabelsInput } from "@/components/ui/labels-input";
import { Label } from "@/components/ui/label";
import { getQueryClient } from "@/lib/query/client";
import { modelKeys } from "@/lib/query/keys";
import type { TModel } from "@/lib/registry";
import { modelNameProblem } from "@/lib/schemas/model-name";

/**
 * The "new model" form, usable in a dialog (landing page) or inline (register-checkpoint
 * flow). The name is checked as you type with the same rule the server applies again.
 */
export function CreateModelForm({ onCreated, onCancel, submitLabel = "Create model", workspaces, defaultWorkspace }: {
  onCreated: (model: TModel) => void;
  /** Where the model may go (a select); absent: the default workspace, as before. */
  workspaces?: string[];
  defaultWorkspace?: string;
  onCancel?: () => void;
  submitLabel?: string;
}) {
  const uid = useId();
  const [name, setName] = useState("");
  const [workspace, setWorkspace] = useState(defaultWorkspace ?? workspaces?.[0] ?? "");
  const [touched, setTouched] = useState(false);
  const [description, setDescription] = useState("");
  const [labels, setLabels] = useState<string[]>([]);
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const nameError = (touched ? modelNameProblem(name) : null) ?? serverErrors.name ?? null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    const meta = parseMetadataRows(rows);
    setRowErrors(meta.ok ? {} : meta.errors);
    if (modelNameProblem(name) || !meta.ok) return;
    setPending(true);
    setMessage(null);
    try {
      const result = await createModelAction({ name, description, labels, metadata: meta.metadata, ...(workspaces?.length ? { workspace } : {}) });
      if (result.ok) {
        await getQueryClient().invalidateQueries({ queryKey: modelKeys.all });
        onCreated(result.data);
        return;
      }
      // A duplicate name is the name field's problem, not the form's.
      setServerErrors(result.code === "ALREADY_EXISTS" ? { ...result.fieldErrors, name: result.message } : result.fieldErrors);
      setMessage(result.code === "ALREADY_EXISTS" || Object.keys(result.fieldErrors).length ? null : result.message);
    } catch {
      setMessage("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
      <Field id={`${uid}-name`} label="Name" error={nameError} hint="Unique. No slashes, not all digits.">
        <Input
          {...describedBy(`${uid}-name`, nameError)}
          value={name}
          autoComplete="off"
          required
          // The form can mount after its dialog opened (it is loaded on demand), so the
          // dialog's own initial focus may land before the field exists.
          autoFocus
          onChange={(e) => { setName(e.target.value); setTouched(true); setServerErrors(({ name: _n, ...rest }) => rest); }}
        />
      </Field>
      {workspaces?.length ? (
        <Field id={`${uid}-workspace`} label="Workspace" error={serverErrors.workspace} hint="Who can see and change it follows the workspace's roles.">
          <Select {...describedBy(`${uid}-workspace`, serverErrors.workspace)} value={workspace} onChange={(e) => setWorkspace(e.target.value)}>
            {workspaces.map((w) => <option key={w} value={w}>{w}</option>)}
          </Select>
        </Field>
      ) : null}
      <Field id={`${uid}-description`} label="Description" error={serverErrors.description}>
        <Textarea {...describedBy(`${uid}-description`, serverErrors.description)} value={description} rows={2} onChange={(e) => setDescription(e.target.value)} />
      </Field>
      <div className="space-y-1">
        <Label htmlFor={`${uid}-labels`}>Labels</Label>
        <LabelsInput id={`${uid}-labels`} value={labels} onChange={setLabels} />
        <FieldError message={serverErrors.labels} />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Metadata</legend>
        <MetadataRows rows={rows} onChange={setRows} errors={rowErrors} />
        <FieldError message={serverErrors.metadata} />
      </fieldset>
      <FieldError message={message} />
      <div className="flex justify-end gap-2">
        {onCancel ? <Button variant="secondary" onClick={onCancel}>Cancel</Button> : null}
        <Button type="submit" disabled={pending}>{pending ? "Creating…" : submitLabel}</Button>
      </div>
    </form>
  );
}
