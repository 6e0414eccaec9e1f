/**
 * A dynamic route segment as the user typed it. Next passes segments still
 * percent-encoded; a malformed escape ("%zz") is taken literally rather than
 * crashing the page, so it ends as a plain 404.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
