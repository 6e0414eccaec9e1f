"use client";

import dynamic from "next/dynamic";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";

// The dialog (Radix Dialog, the form, its validation) is not part of the Model Registry
// page's first-load JavaScript: it loads when the button is first pointed at or focused,
// so it is usually there by the time the click lands, and at the latest on the click.
const loadDialog = () => import("./new-model-dialog").then((m) => m.NewModelDialog);
const NewModelDialog = dynamic(loadDialog, { ssr: false });

export function NewModelButton({ label = "New model", workspaces, defaultWorkspace }: {
  label?: string;
  /** Where the user may create a model; the form offers them in a select. */
  workspaces?: string[];
  defaultWorkspace?: string;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  // Stays mounted after the first open so closing runs the dialog's own exit (focus return).
  const [mounted, setMounted] = useState(false);
  const preload = () => void loadDialog();
  return (
    <>
      <Button
        ref={trigger}
        aria-haspopup="dialog"
        aria-expanded={open}
        onPointerEnter={preload}
        onFocus={preload}
        onClick={() => { setMounted(true); setOpen(true); }}
      >
        {label}
      </Button>
      {mounted ? <NewModelDialog open={open} onOpenChange={setOpen} trigger={trigger} workspaces={workspaces} defaultWorkspace={defaultWorkspace} /> : null}
    </>
  );
}
