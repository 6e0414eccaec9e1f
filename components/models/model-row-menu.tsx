"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { deleteModelAction, setModelArchivedAction } from "@/app/actions";
import { Button } from "@/components/ui/button";
import { DeleteModelDialog } from "./delete-model-dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

type RowModel = { id: number; name: string; archived: boolean; numVersions: number };

export function ModelRowMenu({ model, can }: { model: RowModel; can: { edit: boolean; delete: boolean } }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggleArchived() {
    setError(null);
    const r = await setModelArchivedAction(model.id, !model.archived);
    if (!r.ok) setError(r.message);
    else router.refresh();
  }

  if (!can.edit && !can.delete) return null;
  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${model.name}`}>
            <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="currentColor">
              <circle cx="3" cy="8" r="1.5" /><circle cx="8" cy="8" r="1.5" /><circle cx="13" cy="8" r="1.5" />
            </svg>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          {can.edit ? <DropdownMenuItem onSelect={toggleArchived}>{model.archived ? "Unarchive" : "Archive"}</DropdownMenuItem> : null}
          {can.edit && can.delete ? <DropdownMenuSeparator /> : null}
          {can.delete ? <DropdownMenuItem destructive onSelect={() => setConfirming(true)}>Delete…</DropdownMenuItem> : null}
        </DropdownMenuContent>
      </DropdownMenu>
      {error ? <p role="alert" className="mt-1 text-xs text-red-700">{error}</p> : null}
      <DeleteModelDialog
        model={model}
        open={confirming}
        onOpenChange={setConfirming}
        remove={async () => {
          const r = await deleteModelAction(model.id);
          if (!r.ok) return r.message;
          router.refresh();
        }}
      />
    </>
  );
}
