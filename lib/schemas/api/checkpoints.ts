import { z } from "zod";
import { ZMetadata } from "../common";
import { ZApiOrderBy, ZApiPageQuery } from "./common";

export const CHECKPOINT_SORT_NAMES = {
  SORT_BY_UNSPECIFIED: "trialId",
  SORT_BY_UUID: "uuid",
  SORT_BY_TRIAL_ID: "trialId",
  SORT_BY_BATCH_NUMBER: "batchNumber",
  SORT_BY_END_TIME: "endTime",
  SORT_BY_STATE: "state",
  SORT_BY_SEARCHER_METRIC: "searcherMetric",
} as const;

export const API_CHECKPOINT_STATES = ["STATE_ACTIVE", "STATE_COMPLETED", "STATE_ERROR", "STATE_DELETED", "STATE_PARTIALLY_DELETED"] as const;
export const ZApiCheckpointState = z.enum(API_CHECKPOINT_STATES);

export const ZGetExperimentCheckpointsQuery = ZApiPageQuery.extend({
  sortByAttr: z.enum(Object.keys(CHECKPOINT_SORT_NAMES) as [keyof typeof CHECKPOINT_SORT_NAMES]).optional(),
  sortByMetric: z.string().optional().describe("a validation metric name; sorts by its value instead of an attribute"),
  orderBy: ZApiOrderBy.optional(),
  states: z.array(z.enum(["STATE_UNSPECIFIED", ...API_CHECKPOINT_STATES])).optional(),
});

const ZObject = z.record(z.string(), z.unknown());
const ZMetrics = z.object({ avgMetrics: ZObject.nullish(), batchMetrics: z.array(ZObject).nullish() });

/** POST /api/v1/checkpoints: the body is a Checkpoint message (nested fields may be null). */
export const ZApiCheckpoint = z.object({
  uuid: z.uuid({ error: "Checkpoint UUID is not a valid UUID." }),
  taskId: z.string().nullish(),
  allocationId: z.string().nullish(),
  reportTime: z.iso.datetime({ offset: true, error: "reportTime must be an RFC 3339 timestamp." }).nullish(),
  resources: z.record(z.string(), z.union([z.string().regex(/^\d+$/, "Sizes are whole numbers of bytes."), z.number().int().min(0)])).nullish(),
  metadata: ZMetadata.nullish(),
  state: z.enum(["STATE_UNSPECIFIED", ...API_CHECKPOINT_STATES]).nullish(),
  training: z.object({
    trialId: z.number().int().positive().nullish(),
    experimentId: z.number().int().positive().nullish(),
    /** Ours: find or create the experiment by name (mreg's `--experiment`). */
    experimentName: z.string().min(1).max(255).nullish(),
    experimentConfig: ZObject.nullish(),
    hparams: ZObject.nullish(),
    trainingMetrics: ZMetrics.nullish(),
    validationMetrics: ZMetrics.nullish(),
    searcherMetric: z.number().nullish(),
  }).nullish(),
  storageId: z.number().int().nullish(),
});
export type TApiCheckpoint = z.infer<typeof ZApiCheckpoint>;
