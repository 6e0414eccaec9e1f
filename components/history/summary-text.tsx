/**
 * A history summary with its `backtick` spans (metadata keys) shown as code. A splitter,
 * not a Markdown renderer: summaries only ever quote names this way, and every part
 * stays a React text child, so a key such as `<b>` is shown, never interpreted. An
 * unpaired backtick is kept as written.
 */
export function SummaryText({ text }: { text: string }) {
  const parts = text.split("`");
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts[parts.length - 2]}\`${parts[parts.length - 1]}`);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 0 ? part : part === "" ? "``" : (
        <code key={i} className="rounded bg-slate-100 px-1 font-mono text-[0.9em] text-slate-800">{part}</code>
      )))}
    </>
  );
}
