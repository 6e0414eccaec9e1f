"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { registerCheckpointAction, type PickerModel, type RegisteredVersion } from "@/app/experiments/actions";
import { MetadataRows, parseMetadataRows, type MetadataRow, type RowErrors } from "@/components/metadata/metadata-rows";
import { ModelPicker } from "@/components/models/model-picker";
import { Button } from "@/components/ui/button";
import { Field, FieldError, describedBy } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LabelsInput } from "@/components/ui/labels-input";
import { modelKeys } from "@/lib/query/keys";

/**
 * Registers a checkpoint as a new version of a model chosen in the picker. "New model"
 * hands over to the create form; the model it creates comes back as `model`.
 */
export function RegisterCheckpointForm({ checkpointUuid, model, onModelChange, onNewModel, onRegistered, onBack }: {
  checkpointUuid: string;
  model: PickerModel | null;
  onModelChange: (m: PickerModel | null) => void;
  onNewModel: () => void;
  onRegistered: (v: RegisteredVersion) => void;
  onBack: () => void;
}) {
  const uid = useId();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [comment, setComment] = useState("");
  const [labels, setLabels] = useState<string[]>([]);
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const meta = parseMetadataRows(rows);
    setRowErrors(meta.ok ? {} : meta.errors);
    if (!model) setErrors({ model: "Choose a model, or create a new one." });
    if (!model || !meta.ok) return;
    setPending(true);
    setMessage(null);
    try {
      const result = await registerCheckpointAction({
        model: model.id, checkpointUuid, name, comment, labels, metadata: meta.metadata,
      });
      if (result.ok) {
        await queryClient.invalidateQueries({ queryKey: modelKeys.all });
        onRegistered(result.data);
        return;
      }
      // A missing or archived model is the model field's problem.
      const modelProblem = (result.code === "NOT_FOUND" && result.message.startsWith("Model")) || /archived/.test(result.message);
      setErrors(modelProblem ? { ...result.fieldErrors, model: result.message } : result.fieldErrors);
      setMessage(modelProblem || Object.keys(result.fieldErrors).length ? null : result.message);
    } catch {
      setMessage("Could not reach the server; try again.");
    } finally {
      setPending(false);
    }
  }

  const modelError = errors.model ?? null;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="space-y-4">
      <div className="space-y-1">
        <Label htmlFor={`${uid}-model`}>Model</Label>
        <div className="flex flex-col gap-2 sm:flex-row">
          <div className="min-w-0 flex-1">
            <ModelPicker
              id={`${uid}-model`}
              value={model}
              onChange={(m) => { onModelChange(m); setErrors(({ model: _m, ...rest }) => rest); }}
              invalid={!!modelError}
              describedBy={modelError ? `${uid}-model-error` : `${uid}-model-hint`}
            />
          </div>
          <Button variant="secondary" onClick={onNewModel}>New model</Button>
        </div>
        {modelError ? <FieldError id={`${uid}-model-error`} message={modelError} /> : (
          <p id={`${uid}-model-hint`} className="text-xs text-slate-500">
            {model ? `Becomes version ${model.lastVersion + 1} of ${model.name}.` : "Unarchived models, most recently updated first. Type to search."}
          </p>
        )}
      </div>
      <Field id={`${uid}-name`} label="Version name" hint="Optional." error={errors.name}>
        <Input {...describedBy(`${uid}-name`, errors.name)} value={name} onChange={(e) => setName(e.target.value)}
          placeholder={`Version ${(model?.lastVersion ?? 0) + 1}`} autoComplete="off" />
      </Field>
      <Field id={`${uid}-comment`} label="Comment" error={errors.comment}>
        <Textarea {...describedBy(`${uid}-comment`, errors.comment)} value={comment} rows={2} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="space-y-1">
        <Label htmlFor={`${uid}-labels`}>Labels</Label>
        <LabelsInput id={`${uid}-labels`} value={labels} onChange={setLabels} disabled={pending} />
        <FieldError message={errors.labels} />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">Metadata</legend>
        <MetadataRows rows={rows} onChange={setRows} errors={rowErrors} disabled={pending} />
        <FieldError message={errors.metadata} />
      </fieldset>
      <FieldError message={message} />
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="secondary" onClick={onBack} disabled={pending}>Back to details</Button>
        <Button type="submit" disabled={pending}>{pending ? "Registering…" : "Register version"}</Button>
      </div>
    </form>
  );
}
