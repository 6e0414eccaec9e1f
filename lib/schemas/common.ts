import { z } from "zod";
import { limits } from "./limits";
import { modelNameProblem } from "./model-name";

export { modelNameProblem };

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

/**
 * A merge into an object's metadata: top-level keys to set (a nested object replaces
 * the key's old value) and keys to remove. Applied by the server in one statement, so
 * concurrent merges of different keys all survive.
 */
export const ZMetadataMerge = z.strictObject({
  set: ZMetadata.default({}),
  remove: z.array(z.string({ error: "Each key to remove must be a string." }), { error: "remove must be a list of keys." }).default([]),
}, { error: 'A metadata merge must be an object like {"set": {...}, "remove": ["key"]}.' }).superRefine((m, ctx) => {
  if (!Object.keys(m.set).length && !m.remove.length) {
    ctx.addIssue({ code: "custom", message: "Give at least one key to set or to remove." });
  }
  const both = m.remove.find((k) => Object.hasOwn(m.set, k));
  if (both !== undefined) ctx.addIssue({ code: "custom", path: ["remove"], message: `Key "${both}" is both set and removed.` });
});
export type TMetadataMerge = z.input<typeof ZMetadataMerge>;

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
