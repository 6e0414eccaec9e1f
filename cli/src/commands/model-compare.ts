import type { Command } from "commander";
import type { TWireComparison } from "../../../lib/schemas/api/compare";
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
  aligned("Hyperparameters", c.hyperparameters);
  aligned("Metadata", c.metadata.rows);
  if (c.metadata.identicalKeys.length) out.push(`(identical in every version, not shown: ${c.metadata.identicalKeys.map((k) => `${k.key} ${size(k.bytes)}`).join(", ")})`);
  aligned("Checkpoint metadata", c.checkpointMetadata);
  section("Files", keep(c.files).map((f) => [f.path, ...f.cells.map((x) => (x.size === null ? "(absent)" : mark(x.status !== "same", `${size(x.size)}${x.status === "same" ? "" : ` ${x.status}`}`)))]));
  const notes = c.notes.filter((n) => !n.identical);
  if (notes.length) out.push(`\nNotes differ from v${c.versions[0].version} in: ${notes.map((n) => `v${n.version}`).join(", ")} (--json for the text diff)`);
  return out.join("\n");
}

export function registerCompareCommand(model: Command): void {
  model.command("compare").description("compare 2 to 10 versions of a model side by side (the first is the baseline)")
    .argument("<name>").argument("<versions...>", "version numbers, e.g. 3 7 9")
    .option("--only-differences", "leave out rows where every version agrees")
    .option("--flip <metric...>", "metrics whose better direction to flip")
    .action(async (name: string, versions: string[], o: { onlyDifferences?: boolean; flip?: string[] }, cmd: Command) => {
      const { client, json } = context(cmd);
      const c = await client.json<TWireComparison>("GET", `${modelPath(name)}/compare`, {
        query: { versions: versions.join(","), flip: o.flip },
      });
      if (json) return printJson(c);
      print(comparisonText(c, !!o.onlyDifferences));
    });
}
