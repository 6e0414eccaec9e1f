// Notes of two versions as a text diff. jsdiff (`diff` on npm) is the long-kept,
// dependency-free implementation of Myers' algorithm that most JavaScript diff views
// use; it runs on the server here, so it adds nothing to the page's JavaScript.
import { diffLines, diffWordsWithSpace } from "diff";

export type TextPart = { kind: "same" | "added" | "removed"; text: string };

/**
 * Line by line, and within a changed line that was replaced by exactly one line, word
 * by word, so a one-word edit in a long paragraph is not a whole removed and added line.
 */
export function diffText(before: string, after: string): TextPart[] {
  const out: TextPart[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i], next = parts[i + 1];
    if (p.removed && next?.added && (p.count ?? 0) === 1 && (next.count ?? 0) === 1) {
      for (const w of diffWordsWithSpace(p.value, next.value)) out.push({ kind: w.added ? "added" : w.removed ? "removed" : "same", text: w.value });
      i++;
      continue;
    }
    out.push({ kind: p.added ? "added" : p.removed ? "removed" : "same", text: p.value });
  }
  return out;
}
