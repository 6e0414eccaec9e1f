"use client";

import { useState } from "react";
import { deregisterVersionAction } from "@/app/models/[name]/versions/[version]/actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

export function DeregisterButton({ modelId, modelName, version, disabled }: {
  modelId: number;
  modelName: string;
  version: number;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="danger" size="sm" onClick={() => setOpen(true)} disabled={disabled}>Deregister</Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={`Deregister version ${version} of "${modelName}"?`}
        description={`Version ${version} is removed from the model; its number is not reused. The checkpoint and its files stay.`}
        confirmLabel="Deregister version"
        onConfirm={async () => {
          const r = await deregisterVersionAction(modelId, version);
          if (r && !r.ok) return r.message;
        }}
      />
    </>
  );
}
