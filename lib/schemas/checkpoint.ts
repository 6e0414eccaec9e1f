import { z } from "zod";
import { ZMetadata, ZOrderBy, ZPage } from "./common";

export const CHECKPOINT_STATES = ["ACTIVE", "COMPLETED", "ERROR", "DELETED", "PARTIALLY_DELETED"] as const;
export const ZCheckpointState = z.enum(CHECKPOINT_STATES);
export type TCheckpointState = z.infer<typeof ZCheckpointState>;

const ZMetrics = z.record(z.string(), z.unknown());

export const ZReportCheckpoint = z.object({
  uuid: z.uuid({ error: "Checkpoint UUID is not a valid UUID." }).optional(),
  /** Find-or-create: by id, or by name (a new experiment is created on first sight). */
  experiment: z.object({
    id: z.number().int().positive().optional(),
    name: z.string().min(1).max(255).optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    searcherMetric: z.string().optional(),
  }).refine((e) => e.id !== undefined || e.name !== undefined, "Experiment needs an id or a name.").optional(),
  /** A trial id to attach to (created on first sight), or omitted for a new trial. */
  trial: z.object({ id: z.number().int().positive().optional(), hparams: z.record(z.string(), z.unknown()).optional() }).optional(),
  taskId: z.string().default(""),
  allocationId: z.string().default(""),
  reportTime: z.coerce.date().optional(),
  state: ZCheckpointState.default("ACTIVE"),
  metadata: ZMetadata.default({}),
  resources: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  batchNumber: z.number().int().min(0).optional(),
  framework: z.string().max(100).default(""),
  format: z.string().max(100).default(""),
  trainingMetrics: ZMetrics.default({}),
  validationMetrics: ZMetrics.default({}),
  searcherMetric: z.number().nullable().optional(),
});
export type TReportCheckpoint = z.input<typeof ZReportCheckpoint>;

export const CHECKPOINT_SORTS = ["uuid", "trialId", "batchNumber", "endTime", "state", "searcherMetric"] as const;
export const ZListCheckpoints = ZPage.extend({
  experimentId: z.number().int().optional(),
  trialId: z.number().int().optional(),
  sortBy: z.enum(CHECKPOINT_SORTS).default("trialId"),
  /** Sort by a validation metric's value instead of an attribute. */
  sortByMetric: z.string().optional(),
  orderBy: ZOrderBy.default("asc"),
  states: z.array(ZCheckpointState).optional(),
});
export type TListCheckpoints = z.input<typeof ZListCheckpoints>;
