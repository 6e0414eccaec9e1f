import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import type { TAlias } from "@/lib/registry";
import { LockIcon, aliasHref } from "./alias-chip";

/**
 * Above a version reached through /models/{name}@{alias}: which alias this URL follows,
 * and how to fetch whatever it names (the download link and the CLI take the alias too).
 */
export function AliasedVersionBanner({ modelName, alias, version }: { modelName: string; alias: TAlias | null; version: number }) {
  const ref = `${modelName}@${alias ? alias.alias : version}`;
  const cli = `npx mreg checkpoint download ${/^[A-Za-z0-9._@-]+$/.test(ref) ? ref : `'${ref.replace(/'/g, `'"'"'`)}'`}`;
  const href = aliasHref(modelName, alias ? alias.alias : String(version));
  return (
    <div role="note" aria-label="Followed alias" className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-950">
      <p>
        {alias ? (
          <>
            {alias.protected ? <LockIcon className="mr-1 inline" /> : null}
            <code className="font-mono font-semibold">{ref}</code> names <strong>version {version}</strong> now
            {alias.alias !== "latest" ? <> (set by {alias.setBy}{alias.reason ? `: “${alias.reason}”` : ""})</> : null}.
            This URL follows the alias; <Link className="link" href={`/models/${encodeURIComponent(modelName)}/versions/${version}`}>version {version}</Link> is this version for good.
          </>
        ) : <><code className="font-mono font-semibold">{ref}</code> is version {version}.</>}
      </p>
      <p className="flex flex-wrap items-center gap-2">
        <a className="link font-medium" href={`${href}/download`} download>Download what {alias ? alias.alias : `version ${version}`} names (.tar.gz)</a>
        <code className="rounded bg-white px-1.5 py-0.5 font-mono text-xs">{cli}</code>
        <CopyButton value={cli} label="Copy the download command" />
      </p>
    </div>
  );
}
