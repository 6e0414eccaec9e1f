/**
 * How deeply JSON-like text nests ({ and [ outside strings), without parsing it;
 * stops counting once past `stopAt`. Pure, shared by the server and the CLI.
 * Server actions decode their arguments recursively inside Next/React before any
 * of our code runs, so a 10,000-level payload overflows the stack there (a 500);
 * measuring the text first lets proxy.ts refuse it with a 400.
 */
export function nestingDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (c === 125 || c === 93) depth--;
  }
  return deepest;
}
