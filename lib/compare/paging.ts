// Bounded compare replies: every list a comparison can grow without limit (the rows of a
// structural diff, a version's changes, files) comes in pages of at most `limit` rows,
// with the section's total and an opaque cursor for the next page. Pure (no server), so
// the domain, its tests and the CLI share it. Decision 140.
import { createHash } from "node:crypto";

export { CHANGE_SECTIONS, COMPARE_PAGE_DEFAULT, COMPARE_PAGE_MAX, COMPARE_SECTIONS, type CompareSection, type SectionPage } from "./sections";
import type { SectionPage } from "./sections";

type Cursor = { o: number; k: string; f: string };

/**
 * A fingerprint of what was compared (versions, their data, the options): a cursor is
 * only honoured on the same comparison, so pages never mix two states of a version.
 */
export function fingerprint(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 16);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/** `malformed`: not a cursor at all; otherwise one from another list or another state of the versions. */
export class StaleCursorError extends Error {
  constructor(message: string, readonly malformed = false) {
    super(message);
  }
}

export function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Cursor;
    if (Number.isInteger(c.o) && c.o > 0 && typeof c.k === "string" && typeof c.f === "string") return c;
  } catch {
    // fall through
  }
  throw new StaleCursorError("after is not a cursor this server gave out: pass a pages.<section>.next value.", true);
}

/**
 * One page of `rows` (already in their stable order), after `after` when given. The
 * cursor names the position and the key of the last row sent, and the fingerprint of the
 * comparison: a cursor from another section or another state of the versions is refused
 * (StaleCursorError) instead of silently skipping or repeating rows.
 */
export function pageOf<T>(rows: T[], opts: { limit: number; after?: string | null; fp: string; key: (row: T) => string; all?: number }): { rows: T[]; page: SectionPage } {
  let start = 0;
  if (opts.after) {
    const c = decodeCursor(opts.after);
    if (c.f !== opts.fp || c.o > rows.length || opts.key(rows[c.o - 1]) !== c.k) {
      throw new StaleCursorError("The versions changed since the first page, or the cursor belongs to another section: fetch the comparison again.");
    }
    start = c.o;
  }
  const slice = rows.slice(start, start + opts.limit);
  const end = start + slice.length;
  const next = end < rows.length ? encodeCursor({ o: end, k: opts.key(rows[end - 1]), f: opts.fp }) : null;
  return { rows: slice, page: { total: rows.length, all: opts.all ?? rows.length, returned: slice.length, next } };
}

/**
 * pageOf for a list too long to build: `produce(from, count)` builds only rows [from,
 * from + count) and counts the rest. The row before the page is built too, to check the
 * cursor's key, so the guarantees are pageOf's.
 */
export function windowedPage<T>(
  produce: (from: number, count: number) => { rows: T[]; total: number; all: number },
  opts: { limit: number; after?: string | null; fp: string; key: (row: T) => string },
): { rows: T[]; page: SectionPage } {
  const c = opts.after ? decodeCursor(opts.after) : null;
  const start = c ? c.o : 0;
  const w = produce(c ? start - 1 : 0, opts.limit + (c ? 1 : 0));
  let rows = w.rows;
  if (c) {
    if (c.f !== opts.fp || !rows.length || opts.key(rows[0]) !== c.k) {
      throw new StaleCursorError("The versions changed since the first page, or the cursor belongs to another section: fetch the comparison again.");
    }
    rows = rows.slice(1);
  }
  const end = start + rows.length;
  const next = end < w.total && rows.length ? encodeCursor({ o: end, k: opts.key(rows[rows.length - 1]), f: opts.fp }) : null;
  return { rows, page: { total: w.total, all: w.all, returned: rows.length, next } };
}

/** A value whose JSON text is longer than this is sent as a preview and its size. */
export const VALUE_MAX_CHARS = 4096;
/** How much of a long value the preview keeps. */
export const PREVIEW_CHARS = 1000;

/** A value as sent: itself, or (when long) the start of its text and its full size in bytes. */
export function clipValue(v: unknown): { value: unknown; bytes?: number } {
  if (v === null || typeof v === "number" || typeof v === "boolean" || v === undefined) return { value: v };
  if (typeof v === "string") {
    // A string longer than the limit in characters is also at least that long in bytes.
    if (v.length <= VALUE_MAX_CHARS / 6) return { value: v };
    const bytes = Buffer.byteLength(JSON.stringify(v));
    return bytes <= VALUE_MAX_CHARS ? { value: v } : { value: v.slice(0, PREVIEW_CHARS), bytes };
  }
  const text = JSON.stringify(v);
  if (text.length <= VALUE_MAX_CHARS / 6) return { value: v };
  const bytes = Buffer.byteLength(text);
  return bytes <= VALUE_MAX_CHARS ? { value: v } : { value: text.slice(0, PREVIEW_CHARS), bytes };
}
