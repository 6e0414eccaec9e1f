import ReactMarkdown, { defaultUrlTransform, type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui/cn";

// Styling lives here (no typography plugin) so the renderer is one self-contained file.
const components: Components = {
  h1: (p) => <h3 className="mt-4 mb-2 text-xl font-semibold" {...strip(p)} />,
  h2: (p) => <h4 className="mt-4 mb-2 text-lg font-semibold" {...strip(p)} />,
  h3: (p) => <h5 className="mt-3 mb-1.5 text-base font-semibold" {...strip(p)} />,
  h4: (p) => <h6 className="mt-3 mb-1 font-semibold" {...strip(p)} />,
  p: (p) => <p className="my-2 leading-relaxed" {...strip(p)} />,
  a: ({ node: _n, href, ...p }) => (
    <a className="link" href={href} rel="noopener noreferrer nofollow" {...p} />
  ),
  ul: ({ node: _n, className, ...p }) => (
    <ul className={cn("my-2", className?.includes("contains-task-list") ? "list-none pl-1" : "list-disc pl-6")} {...p} />
  ),
  ol: (p) => <ol className="my-2 list-decimal pl-6" {...strip(p)} />,
  li: (p) => <li className="my-0.5" {...strip(p)} />,
  blockquote: (p) => <blockquote className="my-2 border-l-4 border-slate-300 pl-3 text-slate-600" {...strip(p)} />,
  // Code blocks and tables scroll sideways when wider than the notes; focusable so a keyboard can scroll them.
  pre: (p) => <pre tabIndex={0} className="my-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100 [&_code]:bg-transparent [&_code]:p-0 [&_code]:text-inherit" {...strip(p)} />,
  code: (p) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800" {...strip(p)} />,
  table: (p) => (
    <div tabIndex={0} className="my-2 overflow-x-auto">
      <table className="min-w-full border-collapse text-sm" {...strip(p)} />
    </div>
  ),
  th: (p) => <th className="border border-slate-300 bg-slate-50 px-2 py-1 text-left font-semibold" {...strip(p)} />,
  td: (p) => <td className="border border-slate-300 px-2 py-1" {...strip(p)} />,
  hr: () => <hr className="my-4 border-slate-200" />,
  img: ({ node: _n, alt, src }) => (
    // Images in notes may be anywhere; show them as links rather than fetching them.
    typeof src === "string" && src ? <a className="link" href={src} rel="noopener noreferrer nofollow">{alt || src}</a> : null
  ),
};

type HastNode = { type: string; tagName?: string; value?: string; properties?: Record<string, unknown>; children?: HastNode[] };

/** Text of a node, leaving out nested lists (their items name their own checkboxes). */
function textOf(node: HastNode): string {
  // Raw HTML stays text (shown, never interpreted), so it is part of what the item says.
  if (node.type === "text" || node.type === "raw") return node.value ?? "";
  if (node.tagName === "ul" || node.tagName === "ol") return "";
  return (node.children ?? []).map(textOf).join("");
}

/** A task item's checkbox and the element holding it: the item, or its first paragraph in a loose list. */
function findCheckbox(node: HastNode): { box: HastNode; holder: HastNode } | undefined {
  for (const child of node.children ?? []) {
    if (child.tagName === "input" && child.properties?.type === "checkbox") return { box: child, holder: node };
    if (child.tagName === "p") {
      const inner = findCheckbox(child);
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * GFM task items render as `<li><input type=checkbox disabled> words</li>`, and a
 * checkbox without a name is announced as just "checkbox" (axe: label). This names each
 * checkbox after its item's words, so it reads "evaluated, checkbox, checked". It works
 * on the HTML tree because in a loose list the checkbox sits inside the item's paragraph.
 */
function rehypeTaskListLabels() {
  const visit = (node: HastNode) => {
    const classes = node.properties?.className;
    if (node.tagName === "li" && Array.isArray(classes) && classes.includes("task-list-item")) {
      const found = findCheckbox(node);
      if (found) found.box.properties = { ...found.box.properties, ariaLabel: textOf(found.holder).replace(/\s+/g, " ").trim() || "Task" };
    }
    node.children?.forEach(visit);
  };
  return (tree: HastNode) => visit(tree);
}

function strip<T extends { node?: unknown }>(props: T): Omit<T, "node"> {
  const { node: _node, ...rest } = props;
  return rest;
}

/**
 * Renders untrusted Markdown (GFM: tables, task lists, fenced code). Raw HTML is never
 * interpreted: react-markdown shows it as text unless rehype-raw is added, which it
 * must not be. URLs go through defaultUrlTransform, which empties `javascript:`,
 * `vbscript:` and `data:` links.
 */
export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={cn("text-sm text-slate-800 break-words", className)}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeTaskListLabels]} urlTransform={defaultUrlTransform} components={components}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
