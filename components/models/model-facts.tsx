import type { ReactNode } from "react";
import { RelativeTime } from "@/components/time/relative-time";

/** The small "created by … · updated …" line under a page title. */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
      {items.map(([k, v]) => (
        <div key={k} className="flex gap-1.5">
          <dt className="text-slate-500">{k}</dt>
          <dd className="font-medium text-slate-800">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export const when = (d: Date) => <RelativeTime date={d} />;
