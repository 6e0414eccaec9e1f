/** Joins class names, skipping falsy ones (the subset of clsx the primitives need). */
export function cn(...classes: Array<string | false | null | undefined>): string {
  return classes.filter(Boolean).join(" ");
}
