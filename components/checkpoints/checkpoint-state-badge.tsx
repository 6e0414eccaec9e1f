import type { TCheckpointState } from "@/lib/schemas";

const STYLE: Record<string, string> = {
  COMPLETED: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  ACTIVE: "bg-sky-50 text-sky-800 ring-sky-600/20",
  ERROR: "bg-red-50 text-red-800 ring-red-600/20",
  DELETED: "bg-slate-100 text-slate-600 ring-slate-500/20",
  PARTIALLY_DELETED: "bg-amber-50 text-amber-800 ring-amber-600/20",
};

/** A run or checkpoint state ("COMPLETED", "PARTIALLY_DELETED") as a readable badge. */
export function StateBadge({ state }: { state: TCheckpointState | string }) {
  const text = state.charAt(0) + state.slice(1).toLowerCase().replace(/_/g, " ");
  return (
    <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STYLE[state] ?? STYLE.ACTIVE}`}>
      {text}
    </span>
  );
}
