// The replies of the compare and metric-series endpoints, for the OpenAPI document.
import { z } from "zod";

const ZPath = z.array(z.union([z.string(), z.number().int()])).describe("Keys and array indexes from the root down");
const ZCellStatus = z.enum(["same", "changed", "type", "added", "removed", "absent"]).describe("Against the first (baseline) version; type: the JSON type changed");
const ZAlignedRow = z.object({
  path: ZPath, key: z.string().describe("The path as JSON text (a stable row key)"),
  cells: z.array(z.object({ present: z.boolean(), value: z.unknown().optional(), status: ZCellStatus })),
  differs: z.boolean(),
});
const ZJsonChange = z.object({
  kind: z.enum(["added", "removed", "changed", "type"]), path: ZPath,
  before: z.unknown().optional(), after: z.unknown().optional(),
  beforeType: z.string().optional(), afterType: z.string().optional(),
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
  files: z.array(z.object({
    path: z.string(),
    cells: z.array(z.object({ size: z.number().nullable(), sha256: z.string().nullable(), status: z.enum(["same", "changed", "added", "removed", "absent"]) })),
    differs: z.boolean(),
    comparedBy: z.enum(["sha256", "size"]),
  })),
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
