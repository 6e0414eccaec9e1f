// The model naming rule as a plain function, with no zod: client components import this
// file directly (not the lib/schemas barrel, which pulls zod into the browser bundle) to
// check names as the user types. ZModelName runs the same function on the server.
import { limits } from "./limits";

/** Why a model name is unacceptable, or null. Shared by forms (as-you-type) and the server. */
export function modelNameProblem(name: string): string | null {
  if (name.trim() === "") return "Name is required.";
  if (name !== name.trim()) return "Name cannot start or end with spaces.";
  if (name.length > limits.nameLength) return `Name must be at most ${limits.nameLength} characters.`;
  if (/[/\\]/.test(name)) return "Name cannot contain '/' or '\\'.";
  // Cc: U+0000-U+001F and U+007F-U+009F.
  if (/[\p{Cc}\u2028\u2029]/u.test(name)) return "Name cannot contain control characters.";
  // Zero-width and bidirectional-override characters make two different names look
  // identical (or reverse what is shown); Unicode calls them format characters.
  if (/\p{Cf}/u.test(name)) return "Name cannot contain invisible characters (zero-width or text-direction marks).";
  if (/^\d+$/.test(name)) return "Name cannot be all digits (numbers address models by id).";
  if (mixesScripts(name)) return "Name mixes letters from different alphabets (look-alike characters are refused).";
  return null;
}

// Latin "a" next to Cyrillic "а" renders the same; refusing names that mix
// scripts stops two models that look identical in the list.
function mixesScripts(name: string): boolean {
  const scripts = new Set<string>();
  for (const ch of name) {
    if (/\p{Script=Latin}/u.test(ch)) scripts.add("Latin");
    else if (/\p{Script=Cyrillic}/u.test(ch)) scripts.add("Cyrillic");
    else if (/\p{Script=Greek}/u.test(ch)) scripts.add("Greek");
    else if (/\p{Script=Armenian}/u.test(ch)) scripts.add("Armenian");
  }
  return scripts.size > 1;
}
