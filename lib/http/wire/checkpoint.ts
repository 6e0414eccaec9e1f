import type { z } from "zod";
import type { ZWireCheckpoint } from "../../schemas/api";
import type { TCheckpoint } from "../../registry";

/**
 * Determined's v1Checkpoint. Sizes are int64, so strings on the wire. The SDK asserts
 * that a checkpoint with a trialId has an experimentId and an experimentConfig, and
 * the CLI's version table prints metadata.steps_completed.
 */
export function wireCheckpoint(c: TCheckpoint): WireCheckpoint {
  const metadata: Record<string, unknown> = { ...c.metadata };
  if (c.framework && metadata.framework === undefined) metadata.framework = c.framework;
  if (c.format && metadata.format === undefined) metadata.format = c.format;
  if (Object.keys(metadata).length && metadata.steps_completed === undefined) metadata.steps_completed = c.batchNumber ?? 0;
  const hasTrial = c.trialId !== null;
  return {
    uuid: c.uuid,
    taskId: c.taskId,
    allocationId: c.allocationId,
    reportTime: c.reportTime.toISOString(),
    resources: Object.fromEntries(Object.entries(c.resources).map(([path, size]) => [path, String(size)])),
    metadata,
    state: `STATE_${c.state}`,
    training: {
      trialId: c.trialId,
      experimentId: c.experimentId,
      experimentConfig: hasTrial || c.experimentConfig ? (nonEmpty(c.experimentConfig) ?? { name: c.experimentName ?? "" }) : null,
      hparams: c.hparams,
      trainingMetrics: { avgMetrics: c.trainingMetrics, batchMetrics: [] },
      validationMetrics: { avgMetrics: c.validationMetrics, batchMetrics: [] },
      searcherMetric: c.searcherMetric,
    },
    storageId: c.storageId,
  };
}
export type WireCheckpoint = z.infer<typeof ZWireCheckpoint>;

const nonEmpty = (o: Record<string, unknown> | null) => (o && Object.keys(o).length ? o : null);
