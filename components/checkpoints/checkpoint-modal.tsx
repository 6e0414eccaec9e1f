"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { PickerModel, RegisteredVersion } from "@/app/experiments/actions";
import { CreateModelForm } from "@/components/models/create-model-form";
import { Button, buttonClass } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { RegisterCheckpointForm } from "./register-checkpoint-form";

type View = "details" | "register" | "new-model" | "done";
export type ModalCheckpoint = { uuid: string; state: string; summary: string } | null;

const TITLES: Record<View, string> = {
  details: "Checkpoint",
  register: "Register checkpoint",
  "new-model": "New model",
  done: "Checkpoint registered",
};

/**
 * The checkpoint modal. Open while the page URL has ?checkpoint=<uuid> (so it can be
 * shared); closing navigates to `closeHref`. `children` is the server-rendered
 * CheckpointDetails, or a not-found message when `checkpoint` is null.
 */
export function CheckpointModal({ checkpoint, closeHref, children }: {
  checkpoint: ModalCheckpoint;
  closeHref: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(true);
  const [view, setView] = useState<View>("details");
  const [model, setModel] = useState<PickerModel | null>(null);
  const [registered, setRegistered] = useState<RegisteredVersion | null>(null);
  const [formKey, setFormKey] = useState(0); // a fresh form after each registration
  const body = useRef<HTMLDivElement>(null);

  // Moving between views replaces the content under the focus; put focus on the new view's first control.
  const firstView = useRef(true);
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false; // on open, Radix focuses the dialog itself
      return;
    }
    const target = view === "details" ? "[data-register]" : ":is(input, a, button:not([disabled]))";
    body.current?.querySelector<HTMLElement>(`[data-view="${view}"] ${target}`)?.focus();
  }, [view]);

  function close() {
    setOpen(false);
    router.push(closeHref, { scroll: false });
  }

  const completed = checkpoint?.state === "COMPLETED";
  return (
    <Dialog open={open} onOpenChange={(o) => { if (!o) close(); }}>
      <DialogContent
        title={view === "details" && checkpoint ? `${TITLES.details} ${checkpoint.uuid.slice(0, 8)}` : TITLES[view]}
        description={checkpoint?.summary}
        className={view === "details" ? "sm:max-w-3xl" : undefined}
        // Escape in an open picker closes only its list.
        onEscapeKeyDown={(e) => {
          if ((e.target as HTMLElement | null)?.getAttribute?.("aria-expanded") === "true") e.preventDefault();
        }}
      >
        <div ref={body}>
          <div data-view="details" hidden={view !== "details"}>
            {children}
            {checkpoint && (
              <div className="mt-6 flex flex-col items-end gap-1 border-t border-slate-200 pt-4">
                <Button data-register onClick={() => setView("register")} disabled={!completed} aria-describedby={completed ? undefined : "register-disabled-why"}>
                  Register checkpoint
                </Button>
                {!completed && (
                  <p id="register-disabled-why" className="text-right text-xs text-slate-600">
                    Only completed checkpoints can be registered; this one is {checkpoint.state.toLowerCase().replace(/_/g, " ")}.
                  </p>
                )}
              </div>
            )}
          </div>
          {checkpoint && completed && (
            <>
              <div data-view="register" hidden={view !== "register"}>
                <RegisterCheckpointForm
                  key={formKey}
                  checkpointUuid={checkpoint.uuid}
                  model={model}
                  onModelChange={setModel}
                  onNewModel={() => setView("new-model")}
                  onBack={() => setView("details")}
                  onRegistered={(v) => {
                    setRegistered(v);
                    setFormKey((k) => k + 1);
                    setView("done");
                    router.refresh(); // the table's "Registered as" column behind the modal
                  }}
                />
              </div>
              {view === "new-model" && (
                <div data-view="new-model">
                  <p className="mb-3 text-sm text-slate-600">Create the model, then continue registering the checkpoint to it.</p>
                  <CreateModelForm
                    submitLabel="Create and select"
                    onCancel={() => setView("register")}
                    onCreated={(m) => {
                      setModel({ id: m.id, name: m.name, description: m.description, numVersions: m.numVersions, lastVersion: m.lastVersion, lastUpdatedTime: m.lastUpdatedTime });
                      setView("register");
                    }}
                  />
                </div>
              )}
              {view === "done" && registered && (
                <div data-view="done" className="space-y-4">
                  <p role="status" className="text-sm text-slate-800">
                    Registered as <strong>version {registered.version}</strong> of <strong>{registered.modelName}</strong>.
                  </p>
                  <div className="flex flex-wrap gap-2">
                    <Link className={buttonClass()} href={`/models/${encodeURIComponent(registered.modelName)}/versions/${registered.version}`}>
                      Open version {registered.version} of {registered.modelName}
                    </Link>
                    <Button variant="secondary" onClick={() => setView("details")}>Back to checkpoint</Button>
                  </div>
                </div>
              )}
            </>
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
