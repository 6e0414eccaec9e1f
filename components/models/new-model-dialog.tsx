"use client";

import { useRouter } from "next/navigation";
import type { RefObject } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { CreateModelForm } from "./create-model-form";

/** The New model dialog and its form: one chunk, loaded on demand by NewModelButton. */
export function NewModelDialog({ open, onOpenChange, trigger, workspaces, defaultWorkspace }: {
  workspaces?: string[];
  defaultWorkspace?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The button that opened it; it lives outside this component, so Radix cannot find it. */
  trigger: RefObject<HTMLButtonElement | null>;
}) {
  const router = useRouter();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        title="New model"
        description="Register a model; you can add versions from checkpoints afterwards."
        className="max-w-xl"
        onCloseAutoFocus={(e) => { e.preventDefault(); trigger.current?.focus(); }}
      >
        <CreateModelForm
          workspaces={workspaces}
          defaultWorkspace={defaultWorkspace}
          onCancel={() => onOpenChange(false)}
          onCreated={(m) => router.push(`/models/${encodeURIComponent(m.name)}`)}
        />
      </DialogContent>
    </Dialog>
  );
}
