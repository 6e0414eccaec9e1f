import { z } from "zod";
import { CHANGE_SECTIONS, COMPARE_PAGE_DEFAULT, COMPARE_PAGE_MAX, COMPARE_SECTIONS } from "../compare/sections";

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 10;

const versionNumber = z.coerce.number({ error: "Each version must be a positive whole number." })
  .int("Each version must be a positive whole number.").positive("Each version must be a positive whole number.");

/**
 * Versions to compare, in the order given (the first is the baseline). REST sends
 * `versions=3,7,9`, the page `v=3&v=7&v=9`, the CLI a list: all arrive here as text or numbers.
 */
export const ZCompareVersions = z.object({
  versions: z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").map((s) => s.trim()) : v),
    z.array(z.preprocess((s) => (typeof s === "string" && !/^\d+$/.test(s) ? NaN : s), versionNumber))
      .min(COMPARE_MIN, `Choose at least ${COMPARE_MIN} versions to compare.`)
      .max(COMPARE_MAX, `Compare at most ${COMPARE_MAX} versions at once.`)
      .refine((xs) => new Set(xs).size === xs.length, "Each version may appear only once."),
  ),
  /** Metrics whose better direction the user flipped. */
  flip: z.array(z.string().max(256)).max(200).default([]),
  /** Leave rows where every version agrees out of the paged sections (and their totals). */
  only: z.boolean().default(false),
  /** Rows per paged section (structural diffs, changes, files); decision 140. */
  limit: z.coerce.number({ error: "limit must be a whole number." }).int("limit must be a whole number.")
    .min(1, "limit must be at least 1.").max(COMPARE_PAGE_MAX, `limit must be at most ${COMPARE_PAGE_MAX}.`).default(COMPARE_PAGE_DEFAULT),
});
export type TCompareVersions = z.input<typeof ZCompareVersions>;

/** One more page of one section: `after` is the `next` cursor the previous page gave. */
export const ZCompareSection = ZCompareVersions.extend({
  section: z.enum(COMPARE_SECTIONS, { error: `section must be one of ${COMPARE_SECTIONS.join(", ")}.` }),
  /** For hyperparameterChanges and metadataChanges: whose changes against the baseline. */
  version: z.coerce.number({ error: "version must be a version number." }).int("version must be a version number.").positive("version must be a version number.").optional(),
  after: z.string().max(2000).nullish(),
}).refine((q) => !CHANGE_SECTIONS.includes(q.section) || q.version !== undefined, { message: "version is required for the changes sections, e.g. &version=7.", path: ["version"] });
export type TCompareSection = z.input<typeof ZCompareSection>;

/** The REST query: `?versions=3,7,9&flip=val_loss`. */
export const ZCompareQuery = z.object({
  versions: z.string({ error: "versions is required, e.g. ?versions=3,7,9." }).describe("Comma-separated version numbers, 2 to 10; the first is the baseline"),
  flip: z.array(z.string()).optional().describe("Metric names whose better direction to flip (repeat the key)"),
  only: z.enum(["0", "1"]).optional().describe("1: leave rows where every version agrees out of the paged sections"),
  limit: z.string().optional().describe(`Rows per paged section (1-${COMPARE_PAGE_MAX}, default ${COMPARE_PAGE_DEFAULT})`),
  section: z.string().optional().describe(`One section's next page instead of the whole comparison: ${COMPARE_SECTIONS.join(", ")}`),
  version: z.string().optional().describe("With section=hyperparameterChanges or metadataChanges: the version whose changes to page"),
  after: z.string().optional().describe("The cursor a previous reply gave as pages.<section>.next"),
});

export const SERIES_X = ["version", "time"] as const;
export const SERIES_MAX_POINTS = 2000;

export const ZMetricSeries = z.object({
  metric: z.string().min(1, "Metric name is required.").max(256, "Metric name must be at most 256 characters."),
  /** Roughly how many points the caller can draw; at most SERIES_MAX_POINTS. */
  points: z.coerce.number().int().min(10).max(SERIES_MAX_POINTS).default(SERIES_MAX_POINTS),
});
export type TMetricSeries = z.input<typeof ZMetricSeries>;
export const ZMetricSeriesQuery = z.object({
  points: z.string().optional().describe(`How many points at most (10-${SERIES_MAX_POINTS}, default ${SERIES_MAX_POINTS})`),
});
