import Link from "next/link";
import { FocusOnMount } from "@/components/ui/focus-on-mount";

export type Registration = { modelName: string; version: number };

const versionHref = (r: Registration) => `/models/${encodeURIComponent(r.modelName)}/versions/${r.version}`;

/**
 * Where a checkpoint is registered: the first `limit` model versions and an "N more"
 * link to `allHref`, a URL that shows them all (so the full list can be shared). A
 * checkpoint registered hundreds of times would otherwise fill the modal or the table
 * cell. With `expanded`, every registration is listed, the list scrolls inside its
 * box, and focus moves to the first one that was hidden, where the reader left off.
 */
export function RegisteredAsList({ registrations, limit, allHref, expanded = false }: {
  registrations: Registration[];
  limit: number;
  allHref: string;
  expanded?: boolean;
}) {
  const shown = expanded ? registrations : registrations.slice(0, limit);
  const hidden = registrations.length - shown.length;
  const list = (
    <ul aria-label="Registered as" className="flex flex-wrap gap-x-3 gap-y-1">
      {shown.map((r, i) => {
        const link = <Link className="link whitespace-nowrap" href={versionHref(r)}>{r.modelName} v{r.version}</Link>;
        return <li key={`${r.modelName}/${r.version}`}>{expanded && i === limit ? <FocusOnMount>{link}</FocusOnMount> : link}</li>;
      })}
      {hidden > 0 && (
        <li>
          <Link className="link whitespace-nowrap" href={allHref} scroll={false}>
            {hidden} more<span className="sr-only"> registrations, show all {registrations.length}</span>
          </Link>
        </li>
      )}
    </ul>
  );
  if (!expanded || registrations.length <= limit) return list;
  return (
    <div className="space-y-1">
      <p className="text-slate-600">All {registrations.length} registrations:</p>
      <div className="max-h-60 overflow-y-auto rounded border border-slate-200 p-2">{list}</div>
    </div>
  );
}
