// Which way is better for a metric, guessed from its name. Pure, shared by the compare
// page, the REST reply and the CLI. The experiment's own setting (smaller_is_better for
// its searcher metric) wins over the name; the user can flip either.

export type MetricDirection = "lower" | "higher";

// Whole words of a metric's name (split on _ - . / spaces and camelCase humps).
const LOWER = new Set([
  "loss", "losses", "error", "errors", "err", "mse", "mae", "rmse", "msle", "rmsle", "mape", "smape", "nll", "perplexity", "ppl",
  "wer", "cer", "ter", "latency", "ece", "brier", "logloss", "hamming", "divergence", "kl", "fid", "eer", "fpr", "fnr", "distance",
]);
const HIGHER = new Set([
  "accuracy", "acc", "f1", "fscore", "auc", "auroc", "auprc", "roc", "precision", "prec", "recall", "map", "ap", "ndcg", "mrr",
  "bleu", "rouge", "rouge1", "rouge2", "rougel", "meteor", "iou", "miou", "dice", "r2", "top1", "top5", "hit", "hits", "tpr",
  "specificity", "sensitivity", "kappa", "mcc", "psnr", "ssim", "throughput", "reward", "return", "score",
]);

export function metricWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}@]+/u)
    .flatMap((w) => w.split("@"))
    .filter(Boolean);
}

/**
 * "lower", "higher" or null (unknown). A word for lower wins when both appear: a name
 * such as `accuracy_loss` or `top1_error` measures something to minimise.
 */
export function metricDirection(name: string, opts: { searcherMetric?: string | null; smallerIsBetter?: boolean | null } = {}): MetricDirection | null {
  if (opts.searcherMetric && name === opts.searcherMetric && typeof opts.smallerIsBetter === "boolean") {
    return opts.smallerIsBetter ? "lower" : "higher";
  }
  const words = metricWords(name);
  if (words.some((w) => LOWER.has(w))) return "lower";
  if (words.some((w) => HIGHER.has(w))) return "higher";
  return null;
}

export const flipDirection = (d: MetricDirection | null): MetricDirection | null => (d === "lower" ? "higher" : d === "higher" ? "lower" : null);

export type MetricVerdict = "better" | "worse" | "same" | null;

/** How `value` compares with `base` for a metric of direction `d` (null: not comparable). */
export function verdict(base: number | null, value: number | null, d: MetricDirection | null): MetricVerdict {
  if (base === null || value === null || !Number.isFinite(base) || !Number.isFinite(value)) return null;
  if (value === base) return "same";
  if (!d) return null;
  return (value < base) === (d === "lower") ? "better" : "worse";
}

/** The change from base to value: absolute, and relative (null when base is 0 or either is missing). */
export function metricDelta(base: number | null, value: number | null): { abs: number | null; pct: number | null } {
  if (base === null || value === null || !Number.isFinite(base) || !Number.isFinite(value)) return { abs: null, pct: null };
  const abs = value - base;
  return { abs, pct: base === 0 ? null : (abs / Math.abs(base)) * 100 };
}
