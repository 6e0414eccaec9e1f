import { z } from "zod";
import { limits } from "./limits";

/** Why a model name is unacceptable, or null. Shared by forms (as-you-type) and the server. */
export function modelNameProblem(name: string): string | null {
  if (name.trim() === "") return "Name is required.";
  if (name !== name.trim()) return "Name cannot start or end with spaces.";
  if (name.length > limits.nameLength) return `Name must be at most ${limits.nameLength} characters.`;
  if (/[/\\]/.test(name)) return "Name cannot contain '/' or '\\'.";
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) return "Name cannot contain control characters.";
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

export const ZModelName = z.string({ error: "Name must be a string." }).superRefine((name, ctx) => {
  const problem = modelNameProblem(name);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

function depth(value: unknown, max: number): number {
  // Iterative so a 10,000-level document cannot overflow the stack.
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, d);
    if (deepest > max) return deepest;
    for (const child of Object.values(v as object)) stack.push([child, d + 1]);
  }
  return deepest;
}

export const ZMetadata = z
  .record(z.string(), z.unknown(), { error: "Metadata must be a JSON object." })
  .superRefine((obj, ctx) => {
    if (depth(obj, limits.metadataDepth) > limits.metadataDepth) {
      ctx.addIssue({ code: "custom", message: `Metadata is nested deeper than ${limits.metadataDepth} levels.` });
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(obj));
    if (bytes > limits.metadataBytes) {
      ctx.addIssue({ code: "custom", message: `Metadata is ${bytes} bytes; the limit is ${limits.metadataBytes}.` });
    }
  });
export type TMetadata = Record<string, unknown>;

/** Labels: trimmed, non-empty, de-duplicated with order kept. Commas are allowed. */
export const ZLabels = z
  .array(
    z.string({ error: "Each label must be a string." })
      .transform((s) => s.trim())
      .pipe(z.string().min(1, "Labels cannot be blank.").max(limits.labelLength, `Labels must be at most ${limits.labelLength} characters.`)),
    { error: "Labels must be a list of strings." },
  )
  .max(limits.labelCount, `At most ${limits.labelCount} labels.`)
  .transform((labels) => [...new Set(labels)]);

export const ZDescription = z.string({ error: "Description must be a string." })
  .max(limits.descriptionLength, `Description must be at most ${limits.descriptionLength} characters.`);
export const ZNotes = z.string({ error: "Notes must be a string." })
  .max(limits.notesLength, `Notes must be at most ${limits.notesLength} characters.`);

export const ZOrderBy = z.enum(["asc", "desc"]);
export type TOrderBy = z.infer<typeof ZOrderBy>;

export const ZPage = z.object({
  offset: z.number().int().min(0, "Offset cannot be negative.").default(0),
  limit: z.number().int().min(0).max(limits.pageSizeMax, `Page size is at most ${limits.pageSizeMax}.`).default(50),
});

/** A model is addressed by name, or by id when given a number or an all-digit string. */
export const ZModelRef = z.union([z.number().int().positive(), z.string().min(1, "Model name is required.")]);
export type TModelRef = z.infer<typeof ZModelRef>;
