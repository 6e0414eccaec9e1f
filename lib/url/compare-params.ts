// The compare page's URL state: which versions (in order), "only differences", flipped metrics.
// Pure, so the page, its links and the switch build the same URLs.

export type CompareParams = { versions: string[]; only: boolean; flip: string[] };

const all = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function parseCompareParams(sp: Record<string, string | string[] | undefined>): CompareParams {
  // `v=3&v=7` (the versions table's form), and `v=3,7` typed by hand, both work.
  const versions = all(sp.v).flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
  return { versions, only: all(sp.only).includes("1"), flip: all(sp.flip) };
}

export function compareHref(modelName: string, p: CompareParams): string {
  const q = new URLSearchParams();
  for (const v of p.versions) q.append("v", v);
  if (p.only) q.set("only", "1");
  for (const f of p.flip) q.append("flip", f);
  return `/models/${encodeURIComponent(modelName)}/compare?${q.toString()}`;
}

/** The same URL with one metric's direction flipped or un-flipped. */
export const toggleFlip = (p: CompareParams, metric: string): CompareParams => ({
  ...p, flip: p.flip.includes(metric) ? p.flip.filter((f) => f !== metric) : [...p.flip, metric],
});
