import { CopyButton } from "@/components/ui/copy-button";

// JSON.stringify gives a valid Python string literal for any name (quotes and backslashes escaped).
const py = (s: string) => JSON.stringify(s);
// Single-quoted for POSIX shells, with embedded quotes closed and reopened.
const sh = (s: string) => (/^[A-Za-z0-9._-]+$/.test(s) ? s : `'${s.replace(/'/g, `'"'"'`)}'`);

/** How to fetch this version from Python (Determined SDK) and from our CLI. */
export function FetchSnippets({ modelName, version, master }: { modelName: string; version: number; master: string }) {
  const python = [
    "from determined.experimental import Determined",
    "",
    `d = Determined(master=${py(master)})`,
    `version = d.get_model(${py(modelName)}).get_version(${version})`,
    "path = version.checkpoint.download()",
  ].join("\n");
  const cli = `npx mreg model describe ${sh(modelName)} --version ${version}`;
  return (
    <section aria-labelledby="snippets-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="snippets-heading" className="text-base font-semibold">Use this version</h2>
      {[["Python", python], ["CLI", cli]].map(([label, code]) => (
        <figure key={label} className="space-y-1">
          <figcaption className="flex items-center justify-between text-xs font-medium text-slate-600">
            {label}
            <CopyButton value={code} label={`Copy ${label} snippet`} />
          </figcaption>
          {/* Focusable, so a keyboard can scroll a line wider than a phone (axe: scrollable-region-focusable). */}
          <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"><code>{code}</code></pre>
        </figure>
      ))}
    </section>
  );
}
