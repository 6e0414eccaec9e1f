// The replies of the compare and metric-series endpoints, for the OpenAPI document.
import { z } from "zod";
import { COMPARE_SECTIONS } from "../../compare/sections";

const ZPath = z.array(z.union([z.string(), z.number().int()])).describe("Keys and array indexes from the root down");
const ZCellStatus = z.enum(["same", "changed", "type", "added", "removed", "absent"]).describe("Against the first (baseline) version; type: the JSON type changed");
const ZAlignedRow = z.object({
  path: ZPath, key: z.string().describe("The path as JSON text (a stable row key)"),
  cells: z.array(z.object({
    present: z.boolean(), value: z.unknown().optional(), status: ZCellStatus,
    bytes: z.number().int().optional().describe("Set when the value is longer than 4 KB as JSON: `value` is then its first 1,000 characters (of the string, or of its JSON text) and this its full size"),
  })),
  differs: z.boolean(),
});
const ZJsonChange = z.object({
  kind: z.enum(["added", "removed", "changed", "type"]), path: ZPath,
  before: z.unknown().optional(), after: z.unknown().optional(),
  beforeType: z.string().optional(), afterType: z.string().optional(),
  beforeBytes: z.number().int().optional().describe("Set when `before` was longer than 4 KB as JSON and is sent as a preview: its full size"),
  afterBytes: z.number().int().optional().describe("The same for `after`"),
});
const ZFileRow = z.object({
  path: z.string(),
  cells: z.array(z.object({ size: z.number().nullable(), sha256: z.string().nullable(), status: z.enum(["same", "changed", "added", "removed", "absent"]) })),
  differs: z.boolean(),
  comparedBy: z.enum(["sha256", "size"]),
});
const ZSectionPage = z.object({
  total: z.number().int().describe("Rows in the whole list (after only=1)"),
  all: z.number().int().describe("Rows in the whole list before only=1 left out the ones where every version agrees"),
  returned: z.number().int().describe("Rows in this reply"),
  next: z.string().nullable().describe("Pass as after=... with section=... for the next page; null on the last page"),
});

export const ZCompareReply = z.object({
  model: z.object({ id: z.number().int(), name: z.string() }),
  versions: z.array(z.object({
    version: z.number().int(), name: z.string(), comment: z.string(), labels: z.array(z.string()), aliases: z.array(z.string()),
    notes: z.string(), username: z.string(), creationTime: z.iso.datetime({ offset: true }), lastUpdatedTime: z.iso.datetime({ offset: true }),
    checkpoint: z.object({
      uuid: z.string(), state: z.string(), framework: z.string(), format: z.string(), experimentId: z.number().int().nullable(),
      experimentName: z.string().nullable(), trialId: z.number().int().nullable(), batchNumber: z.number().int().nullable(),
      reportTime: z.iso.datetime({ offset: true }), totalSize: z.number(), searcherMetricName: z.string().nullable(),
    }),
  })).describe("In the order asked; the first is the baseline"),
  fields: z.array(z.object({ field: z.string(), label: z.string(), values: z.array(z.string()), differs: z.boolean() })),
  metrics: z.array(z.object({
    group: z.enum(["validation", "training"]), name: z.string(),
    direction: z.enum(["lower", "higher"]).nullable().describe("Which way is better; null when unknown"),
    directionFrom: z.enum(["experiment", "name", "flipped"]).nullable(),
    cells: z.array(z.object({
      value: z.number().nullable(), raw: z.unknown(), abs: z.number().nullable().describe("value - baseline"),
      pct: z.number().nullable().describe("(value - baseline) / |baseline| x 100"), verdict: z.enum(["better", "worse", "same"]).nullable(),
    })),
    differs: z.boolean(),
  })),
  hyperparameters: z.array(ZAlignedRow),
  metadata: z.object({
    rows: z.array(ZAlignedRow),
    identicalKeys: z.array(z.object({ key: z.string(), bytes: z.number().int() })).describe("Large top-level keys identical in every version, not sent"),
  }),
  checkpointMetadata: z.array(ZAlignedRow),
  changes: z.array(z.object({ version: z.number().int(), hyperparameters: z.array(ZJsonChange), metadata: z.array(ZJsonChange) })),
  notes: z.array(z.object({
    version: z.number().int(), identical: z.boolean(),
    parts: z.array(z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string() })).nullable(),
  })),
  files: z.array(ZFileRow),
  only: z.boolean().describe("Whether rows where every version agrees were left out of the paged lists"),
  pages: z.object({
    hyperparameters: ZSectionPage, metadata: ZSectionPage, checkpointMetadata: ZSectionPage, files: ZSectionPage,
    changes: z.array(z.object({ version: z.number().int(), hyperparameters: ZSectionPage, metadata: ZSectionPage })),
  }).describe("The paged lists (hyperparameters, metadata.rows, checkpointMetadata, files, each version's changes) hold at most `limit` rows each; here is each one's total and next cursor"),
});

/** GET .../compare?section=...&after=...: the next page of one list. */
export const ZCompareSectionReply = z.object({
  model: z.object({ id: z.number().int(), name: z.string() }),
  section: z.enum(COMPARE_SECTIONS),
  version: z.number().int().nullable(),
  rows: z.union([z.array(ZAlignedRow), z.array(ZJsonChange), z.array(ZFileRow)]).describe("Rows of the section's type: aligned rows, changes, or files"),
  page: ZSectionPage,
});

export const ZMetricSeriesReply = z.object({
  model: z.object({ id: z.number().int(), name: z.string() }),
  metric: z.string(),
  total: z.number().int().describe("Versions reporting the metric as a number"),
  downsampling: z.enum(["none", "min-max"]).describe("min-max: each of points/2 equal-count buckets (in version order) kept its lowest and highest value, plus the first and last version"),
  points: z.array(z.object({ version: z.number().int(), time: z.iso.datetime({ offset: true }), value: z.number(), aliases: z.array(z.string()) })),
});

export const ZMetricNamesReply = z.object({ metrics: z.array(z.string()) });

export type TWireComparison = z.infer<typeof ZCompareReply>;
export type TWireCompareSection = z.infer<typeof ZCompareSectionReply>;
