"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** Shows the other person's saved value beside the user's, and makes overwriting a conscious choice. */
export function ConflictNotice({ what, theirs, mine, onOverwrite, onTakeTheirs, pending }: {
  what: string;
  theirs: ReactNode;
  mine: ReactNode;
  onOverwrite: () => void;
  onTakeTheirs: () => void;
  pending?: boolean;
}) {
  return (
    <div role="alert" aria-label={`Conflict: ${what}`} className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
      <p className="font-medium text-amber-900">
        Someone else saved the {what} after you opened this page. Compare before you save.
      </p>
      <div className="grid gap-3 md:grid-cols-2">
        <section aria-label="Their version" className="min-w-0 rounded border border-amber-200 bg-white p-2">
          <h3 className="mb-1 text-xs font-semibold text-slate-500 uppercase">Their version (saved)</h3>
          {theirs}
        </section>
        <section aria-label="Your version" className="min-w-0 rounded border border-amber-200 bg-white p-2">
          <h3 className="mb-1 text-xs font-semibold text-slate-500 uppercase">Your version (not saved)</h3>
          {mine}
        </section>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="danger" size="sm" onClick={onOverwrite} disabled={pending}>Overwrite with mine</Button>
        <Button variant="secondary" size="sm" onClick={onTakeTheirs} disabled={pending}>Discard mine, keep theirs</Button>
      </div>
    </div>
  );
}
