// The results table: one row per measure with its target and verdict, written as
// Markdown and JSON next to the machine's description.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Result = {
  group: string;
  name: string;
  target: string;
  measured: string;
  /** null: reported without a target, or not measurable in this build. */
  pass: boolean | null;
  data?: Record<string, unknown>;
};

export function machine() {
  const cpu = os.cpus();
  return {
    cpu: cpu[0]?.model ?? "unknown",
    cores: cpu.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAvgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
    kernel: os.release(),
  };
}

const verdict = (p: boolean | null) => (p === null ? "-" : p ? "pass" : "**FAIL**");

export function toMarkdown(results: Result[], meta: Record<string, unknown>): string {
  const lines = [
    "# Benchmark results",
    "",
    ...Object.entries(meta).map(([k, v]) => `- ${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`),
    "",
    "| group | measure | target | measured | result |",
    "|---|---|---|---|---|",
    ...results.map((r) => `| ${r.group} | ${r.name} | ${r.target} | ${r.measured} | ${verdict(r.pass)} |`),
    "",
    `${results.filter((r) => r.pass === true).length} passed, ${results.filter((r) => r.pass === false).length} failed, ${results.filter((r) => r.pass === null).length} reported without a verdict.`,
    "",
  ];
  return lines.join("\n");
}

/** Writes `<name>.md` and `<name>.json` (latest for a full run; a partial run names its own, git-ignored). */
export function writeResults(dir: string, results: Result[], meta: Record<string, unknown>, name = "latest"): string {
  fs.mkdirSync(dir, { recursive: true });
  const md = toMarkdown(results, meta);
  fs.writeFileSync(path.join(dir, `${name}.md`), md);
  fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ meta, results }, null, 2) + "\n");
  return md;
}

export const ms = (x: number) => `${x.toFixed(1)} ms`;
