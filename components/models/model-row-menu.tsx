"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { deleteModelAction, setModelArchivedAction } from "@/app/models/actions";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { RowMenuButton } from "./row-menu-button";

// The confirmation (a Radix alert dialog) is kept out of the page's first load: opening
// a row menu starts fetching it, so it is ready by the time "Delete…" is chosen.
const loadDeleteDialog = () => import("./delete-model-dialog").then((m) => m.DeleteModelDialog);
const DeleteModelDialog = dynamic(loadDeleteDialog, { ssr: false });

export type RowModel = { id: number; name: string; archived: boolean; numVersions: number };
export type RowMenuProps = { model: RowModel; can: { edit: boolean; delete: boolean } };

/**
 * The row's Radix menu. Loaded on demand by LazyModelRowMenu, which hands over a click
 * made before the code arrived (`defaultOpen`) and the keyboard focus (`focusTrigger`).
 */
export function ModelRowMenu({ model, can, defaultOpen = false, focusTrigger = false }: RowMenuProps & {
  defaultOpen?: boolean;
  focusTrigger?: boolean;
}) {
  const router = useRouter();
  const trigger = useRef<HTMLButtonElement>(null);
  // On mount only: this menu has just replaced the placeholder button the user was using.
  useEffect(() => {
    if (defaultOpen && can.delete) void loadDeleteDialog(); // onOpenChange does not run for defaultOpen
    else if (focusTrigger) trigger.current?.focus();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- mount only: the props say how the placeholder was left
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggleArchived() {
    setError(null);
    try {
      const r = await setModelArchivedAction(model.id, !model.archived);
      if (!r.ok) setError(r.message);
      else router.refresh();
    } catch {
      setError("Could not reach the server; try again.");
    }
  }

  if (!can.edit && !can.delete) return null;
  return (
    <>
      <DropdownMenu defaultOpen={defaultOpen} onOpenChange={(open) => { if (open && can.delete) void loadDeleteDialog(); }}>
        <DropdownMenuTrigger asChild>
          <RowMenuButton ref={trigger} modelName={model.name} />
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {can.edit ? <DropdownMenuItem onSelect={() => void toggleArchived()}>{model.archived ? "Unarchive" : "Archive"}</DropdownMenuItem> : null}
          {can.edit && can.delete ? <DropdownMenuSeparator /> : null}
          {can.delete ? <DropdownMenuItem destructive onSelect={() => setConfirming(true)}>Delete…</DropdownMenuItem> : null}
        </DropdownMenuContent>
      </DropdownMenu>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
      {confirming ? (
        <DeleteModelDialog
          model={model}
          open
          onOpenChange={setConfirming}
          remove={async () => {
            const r = await deleteModelAction(model.id);
            if (!r.ok) return r.message;
            router.refresh();
          }}
        />
      ) : null}
    </>
  );
}
