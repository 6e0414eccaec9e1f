"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type DeletableModel = { id: number; name: string; numVersions: number };

export function deleteDescription(m: DeletableModel) {
  const versions = m.numVersions === 1 ? "its 1 version" : `all ${m.numVersions} of its versions`;
  return `This deletes the model "${m.name}" and ${versions}. The checkpoints stay. This cannot be undone.`;
}

/**
 * The one confirmation before a model is deleted (row menu and model page), naming
 * the model and what goes with it. `remove` returns an error message to show, if any.
 */
export function DeleteModelDialog({ model, open, onOpenChange, remove }: {
  model: DeletableModel;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  remove: () => Promise<string | void>;
}) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Delete model "${model.name}"?`}
      description={deleteDescription(model)}
      confirmLabel="Delete model"
      onConfirm={remove}
    />
  );
}
