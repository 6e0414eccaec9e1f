"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent, type ReactNode } from "react";

const MIN = 2, MAX = 10;

/** The compare page's URL; the first version is the baseline. */
export const compareHref = (modelName: string, versions: number[]) =>
  `/models/${encodeURIComponent(modelName)}/compare?${versions.map((v) => `v=${v}`).join("&")}`;

/**
 * Wraps the versions table: its checkboxes (name="v") are a plain GET form to the compare
 * page, so it works before hydration; with JavaScript the versions go in the order they
 * were ticked (the first ticked is the baseline) and the button says what is missing.
 */
export function CompareForm({ modelName, children }: { modelName: string; children: ReactNode }) {
  const router = useRouter();
  const [order, setOrder] = useState<number[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const ok = order.length >= MIN && order.length <= MAX;
  const hint = order.length < MIN
    ? `Select ${MIN} to ${MAX} versions to compare (${order.length} selected).`
    : order.length > MAX ? `At most ${MAX} versions at once (${order.length} selected).` : `${order.length} versions selected; the first one ticked, version ${order[0]}, is the baseline.`;

  const onChange = (e: FormEvent<HTMLFormElement>) => {
    const box = e.target as HTMLInputElement;
    if (box.name !== "v") return;
    const v = Number(box.value);
    setOrder((prev) => (box.checked ? [...prev.filter((x) => x !== v), v] : prev.filter((x) => x !== v)));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (ok) router.push(compareHref(modelName, order));
  };

  return (
    <form ref={form} action={`/models/${encodeURIComponent(modelName)}/compare`} method="get" onChange={onChange} onSubmit={onSubmit} className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          aria-disabled={!ok}
          aria-describedby="compare-hint"
          className="rounded-md border border-indigo-600 bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-700 aria-disabled:cursor-not-allowed aria-disabled:border-slate-300 aria-disabled:bg-slate-100 aria-disabled:text-slate-600"
        >
          Compare{order.length ? ` (${order.length})` : ""}
        </button>
        <p id="compare-hint" aria-live="polite" className="text-sm text-slate-600">{hint}</p>
      </div>
      {children}
    </form>
  );
}
