import Link from "next/link";
import { cn } from "@/components/ui/cn";

/** The URL that follows an alias: /models/{name}@{alias} (the name encoded, so a name with "@" still splits right). */
export const aliasHref = (modelName: string, alias: string) => `/models/${encodeURIComponent(modelName)}@${alias}`;

export function LockIcon({ className }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className={cn("h-3 w-3", className)} fill="currentColor">
      <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 5V4.5a2 2 0 1 1 4 0V6H6Z" />
    </svg>
  );
}

const chipClass = "inline-flex max-w-full items-center gap-1 truncate rounded-full bg-emerald-50 px-2 py-0.5 font-mono text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset";

/** An alias as a chip that links to what it names now; a lock marks a protected one. */
export function AliasChip({ modelName, alias, isProtected, link = true }: { modelName: string; alias: string; isProtected?: boolean; link?: boolean }) {
  const body = (
    <>
      {isProtected ? <LockIcon /> : null}
      {alias}
      {isProtected ? <span className="sr-only"> (protected)</span> : null}
    </>
  );
  if (!link) return <span className={chipClass}>{body}</span>;
  return <Link href={aliasHref(modelName, alias)} className={cn(chipClass, "hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600")} title={`What ${alias} names now`}>{body}</Link>;
}
