import "server-only";
import type { Prisma } from "../../db/client";
import type { TCheckpointState } from "../../schemas";

export const checkpointSelect = {
  uuid: true,
  taskId: true,
  allocationId: true,
  reportTime: true,
  state: true,
  resources: true,
  metadata: true,
  batchNumber: true,
  framework: true,
  format: true,
  trainingMetrics: true,
  validationMetrics: true,
  searcherMetric: true,
  storageId: true,
  trialId: true,
  experimentId: true,
  trial: { select: { hparams: true } },
  experiment: { select: { name: true, config: true, searcherMetric: true } },
} satisfies Prisma.CheckpointSelect;

type CheckpointRow = Prisma.CheckpointGetPayload<{ select: typeof checkpointSelect }>;
type Obj = Record<string, unknown>;

export type TCheckpoint = {
  uuid: string;
  taskId: string;
  allocationId: string;
  reportTime: Date;
  state: TCheckpointState;
  /** path -> size in bytes */
  resources: Record<string, number>;
  totalSize: number;
  metadata: Obj;
  batchNumber: number | null;
  framework: string;
  format: string;
  trainingMetrics: Obj;
  validationMetrics: Obj;
  searcherMetric: number | null;
  searcherMetricName: string | null;
  storageId: number | null;
  trialId: number | null;
  experimentId: number | null;
  experimentName: string | null;
  experimentConfig: Obj | null;
  hparams: Obj;
};

export function toCheckpoint(row: CheckpointRow): TCheckpoint {
  const { trial, experiment, resources, ...rest } = row;
  const res = (resources ?? {}) as Record<string, number>;
  return {
    ...rest,
    metadata: (rest.metadata ?? {}) as Obj,
    trainingMetrics: (rest.trainingMetrics ?? {}) as Obj,
    validationMetrics: (rest.validationMetrics ?? {}) as Obj,
    resources: res,
    totalSize: Object.values(res).reduce((a, b) => a + Number(b), 0),
    experimentName: experiment?.name ?? null,
    experimentConfig: (experiment?.config as Obj | undefined) ?? null,
    searcherMetricName: experiment?.searcherMetric ?? null,
    hparams: (trial?.hparams ?? {}) as Obj,
  };
}
