import { formatBytes } from "../../lib/format";
import { nestingDepth } from "../../lib/json/nesting-depth";

export type Cell = string | number | boolean | null | undefined;

/** A plain-text table with padded columns; long cells are cut so a row stays on one line. */
export function table(headers: string[], rows: Cell[][], maxWidth = 48): string {
  const text = rows.map((r) => r.map((c) => cut(c === null || c === undefined ? "" : String(c), maxWidth)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...text.map(line)].join("\n");
}

/** "Key: value" lines, aligned. */
export function fields(pairs: Array<[string, Cell]>): string {
  const w = Math.max(...pairs.map(([k]) => k.length)) + 1;
  return pairs.map(([k, v]) => `${`${k}:`.padEnd(w)} ${v ?? ""}`).join("\n");
}

function cut(s: string, max: number): string {
  const flat = s.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export const when = (ts: unknown) => (typeof ts === "string" && ts ? ts.replace("T", " ").replace(/\.\d+Z$|Z$/, "Z") : "");
export const json1 = (v: unknown) => (v && typeof v === "object" && Object.keys(v).length ? JSON.stringify(v) : "");
export const size = (n: unknown) => formatBytes(Number(n ?? 0));

export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

// Far above what the server accepts (64 levels by default), far below what would
// overflow the stack while the request is serialized.
const MAX_NESTING = 1000;

/** Parses a JSON option, with the option's name in the error. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  if (nestingDepth(text, MAX_NESTING) > MAX_NESTING) {
    throw new Error(`${what} is nested deeper than ${MAX_NESTING} levels; metadata may nest at most 64 levels by default.`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON (${(err as Error).message}).`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new Error(`${what} must be a JSON object, like '{"key": "value"}'.`);
  return v as Record<string, unknown>;
}
