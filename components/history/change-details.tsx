"use client";

import { useState } from "react";
import type { FieldChange } from "@/lib/registry";

const MAX_VALUE_CHARS = 2000;

/** Values are shown as JSON text; React escapes it, so stored Markdown or HTML stays inert. */
function show(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 1);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${text.length} characters)` : text;
}

function Side({ change, side }: { change: FieldChange; side: "before" | "after" }) {
  if (!(side in change)) return <span className="text-slate-600">(none)</span>;
  return <pre className={`whitespace-pre-wrap break-all px-1 ${side === "before" ? "bg-red-50" : "bg-green-50"}`}>{show(change[side])}</pre>;
}

/**
 * Old and new values, rendered only once opened: a long history then costs
 * nothing until asked for, and the page does not carry every value twice.
 */
export function ChangeDetails({ changes }: { changes: FieldChange[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-1">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} className="text-xs text-slate-600 underline-offset-2 hover:underline">
        {open ? "Hide old and new values" : "Show old and new values"}
      </button>
      {open ? (
        <table className="mt-1 w-full text-xs">
          <thead>
            <tr className="text-left text-slate-500"><th className="p-1">Field</th><th className="p-1">Before</th><th className="p-1">After</th></tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} className="border-t border-slate-200 align-top">
                <th scope="row" className="p-1 pr-3 text-left font-mono font-normal text-slate-600">{c.field}</th>
                <td className="p-1 pr-3"><Side change={c} side="before" /></td>
                <td className="p-1"><Side change={c} side="after" /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
