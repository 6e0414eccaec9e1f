import type { Command } from "commander";
import type { TWireCompareSection, TWireComparison } from "../../../lib/schemas/api/compare";
import type { CompareSection } from "../../../lib/compare/sections";
import type { ApiClient } from "../client";
import { formatPath } from "../../../lib/compare/json-diff";
import { modelPath } from "../api";
import { context } from "../context";
import { print, printJson, size, table, type Cell } from "../output";

const MARK = { better: "better", worse: "worse", same: "=", null: "" } as const;
const show = (v: unknown): string => (v === undefined ? "(absent)" : typeof v === "string" ? v : JSON.stringify(v));
const signed = (n: number) => `${n > 0 ? "+" : ""}${Number(n.toPrecision(4))}`;

/** The comparison as plain-text tables: one column per version, `*` where a value differs from the first. */
export function comparisonText(c: TWireComparison, onlyDifferences: boolean): string {
  const heads = ["", ...c.versions.map((v, i) => `v${v.version}${i === 0 ? " (base)" : ""}`)];
  const keep = <T extends { differs: boolean }>(rows: T[]) => (onlyDifferences ? rows.filter((r) => r.differs) : rows);
  const mark = (differs: boolean, s: string) => (differs ? `${s} *` : s);
  const out: string[] = [`Model ${c.model.name}: versions ${c.versions.map((v) => v.version).join(", ")} (* differs from v${c.versions[0].version})`];
  const section = (title: string, rows: Cell[][]) => {
    if (rows.length) out.push(`\n${title}\n${table(heads, rows, 36)}`);
  };
  section("Fields", keep(c.fields).map((f) => [f.label, ...f.values.map((v, i) => mark(i > 0 && v !== f.values[0], v))]));
  section("Metrics", keep(c.metrics).map((m) => [
    `${m.group === "training" ? "training " : ""}${m.name}${m.direction ? ` (${m.direction} is better)` : ""}`,
    ...m.cells.map((x, i) => {
      const v = x.value === null ? show(x.raw ?? undefined) : String(x.value);
      if (i === 0 || x.abs === null) return v;
      return `${v} (${signed(x.abs)}${x.pct === null ? "" : `, ${signed(x.pct)}%`}${x.verdict ? ` ${MARK[x.verdict]}` : ""})`;
    }),
  ]));
  const aligned = (title: string, rows: TWireComparison["hyperparameters"]) => section(title, keep(rows).map((r) => [
    formatPath(r.path), ...r.cells.map((x) => mark(x.status !== "same" && x.status !== "absent", x.present ? show(x.value) : "(absent)")),
  ]));
  // The server sends each long list's first page; say how many more there are and how to get them.
  const rest = (p: { total: number; returned: number } | undefined) => {
    if (p && p.total > p.returned) out.push(`(${(p.total - p.returned).toLocaleString("en-US")} more rows not shown; --json lists them all)`);
  };
  aligned("Hyperparameters", c.hyperparameters);
  rest(c.pages?.hyperparameters);
  aligned("Metadata", c.metadata.rows);
  rest(c.pages?.metadata);
  if (c.metadata.identicalKeys.length) out.push(`(identical in every version, not shown: ${c.metadata.identicalKeys.map((k) => `${k.key} ${size(k.bytes)}`).join(", ")})`);
  aligned("Checkpoint metadata", c.checkpointMetadata);
  rest(c.pages?.checkpointMetadata);
  section("Files", keep(c.files).map((f) => [f.path, ...f.cells.map((x) => (x.size === null ? "(absent)" : mark(x.status !== "same", `${size(x.size)}${x.status === "same" ? "" : ` ${x.status}`}`)))]));
  rest(c.pages?.files);
  const notes = c.notes.filter((n) => !n.identical);
  if (notes.length) out.push(`\nNotes differ from v${c.versions[0].version} in: ${notes.map((n) => `v${n.version}`).join(", ")} (--json for the text diff)`);
  return out.join("\n");
}

/** stdout, waiting when its buffer is full, so a long comparison streams in bounded memory. */
async function write(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", () => resolve()));
}

const indent = (v: unknown, pad: string) => JSON.stringify(v, null, 2).replace(/\n/g, `\n${pad}`);

/**
 * The whole comparison as JSON, in the server's shape, with every paged list complete:
 * the first reply's pages are written as they are, then each list's next pages are
 * fetched (`section=...&after=...`) and written one by one, so memory stays at one page
 * whatever the size. `pages` at the end says every list is complete.
 */
export async function streamComparison(client: ApiClient, path: string, query: Record<string, string | string[] | undefined>, c: TWireComparison): Promise<void> {
  const list = async (pad: string, first: unknown[], next: string | null, section: CompareSection, version?: number) => {
    await write("[");
    let n = 0;
    const rows = async (xs: unknown[]) => {
      for (const x of xs) await write(`${n++ ? "," : ""}\n${pad}  ${indent(x, `${pad}  `)}`);
    };
    await rows(first);
    while (next) {
      const p = await client.json<TWireCompareSection>("GET", path, {
        query: { ...query, section, after: next, ...(version === undefined ? {} : { version: String(version) }) },
      });
      await rows(p.rows);
      next = p.page.next;
    }
    await write(n ? `\n${pad}]` : "]");
  };
  const done = (p: TWireComparison["pages"]["metadata"]) => ({ ...p, returned: p.total, next: null });
  const key = async (k: string, v: unknown, last = false) => write(`  ${JSON.stringify(k)}: ${indent(v, "  ")}${last ? "" : ","}\n`);
  await write("{\n");
  await key("model", c.model);
  await key("versions", c.versions);
  await key("fields", c.fields);
  await key("metrics", c.metrics);
  await write(`  "hyperparameters": `);
  await list("  ", c.hyperparameters, c.pages.hyperparameters.next, "hyperparameters");
  await write(`,\n  "metadata": {\n    "rows": `);
  await list("    ", c.metadata.rows, c.pages.metadata.next, "metadata");
  await write(`,\n    "identicalKeys": ${indent(c.metadata.identicalKeys, "    ")}\n  },\n  "checkpointMetadata": `);
  await list("  ", c.checkpointMetadata, c.pages.checkpointMetadata.next, "checkpointMetadata");
  await write(`,\n  "changes": [`);
  for (const [i, ch] of c.changes.entries()) {
    const p = c.pages.changes[i];
    await write(`${i ? "," : ""}\n    {\n      "version": ${ch.version},\n      "hyperparameters": `);
    await list("      ", ch.hyperparameters, p.hyperparameters.next, "hyperparameterChanges", ch.version);
    await write(`,\n      "metadata": `);
    await list("      ", ch.metadata, p.metadata.next, "metadataChanges", ch.version);
    await write("\n    }");
  }
  await write(`${c.changes.length ? "\n  " : ""}],\n`);
  await key("notes", c.notes);
  await write(`  "files": `);
  await list("  ", c.files, c.pages.files.next, "files");
  await write(",\n");
  await key("only", c.only);
  await key("pages", {
    hyperparameters: done(c.pages.hyperparameters), metadata: done(c.pages.metadata), checkpointMetadata: done(c.pages.checkpointMetadata), files: done(c.pages.files),
    changes: c.pages.changes.map((p) => ({ version: p.version, hyperparameters: done(p.hyperparameters), metadata: done(p.metadata) })),
  }, true);
  await write("}\n");
}

export function registerCompareCommand(model: Command): void {
  model.command("compare").description("compare 2 to 10 versions of a model side by side (the first is the baseline)")
    .argument("<name>").argument("<versions...>", "version numbers, e.g. 3 7 9")
    .option("--only-differences", "leave out rows where every version agrees")
    .option("--flip <metric...>", "metrics whose better direction to flip")
    .option("--page-size <rows>", "rows per request for the long lists (structural diffs, changes, files); the server's default is 2000")
    .option("--first-page", "with --json: print the server's first reply as it is (each long list's first page, with `pages` giving totals and cursors) instead of fetching every page")
    .action(async (name: string, versions: string[], o: { onlyDifferences?: boolean; flip?: string[]; pageSize?: string; firstPage?: boolean }, cmd: Command) => {
      const { client, json } = context(cmd);
      const path = `${modelPath(name)}/compare`;
      const query = { versions: versions.join(","), flip: o.flip, only: o.onlyDifferences ? "1" : undefined, limit: o.pageSize };
      const c = await client.json<TWireComparison>("GET", path, { query });
      if (json && o.firstPage) return printJson(c);
      if (json) return streamComparison(client, path, query, c);
      print(comparisonText(c, !!o.onlyDifferences));
    });
}
