import type { TReportCheckpoint } from "../../schemas";
import type { TApiCheckpoint } from "../../schemas/api";

/**
 * Wire Checkpoint (POST /api/v1/checkpoints) -> the domain's report input. Determined
 * keeps framework, format and steps_completed inside metadata; we also store them as
 * columns, so they are lifted out here (metadata keeps them too).
 */
export function toReportCheckpoint(c: TApiCheckpoint): TReportCheckpoint {
  const t = c.training ?? {};
  const metadata = c.metadata ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 100) : undefined);
  const steps = metadata.steps_completed;
  const experiment = t.experimentId != null || t.experimentName != null
    ? { id: t.experimentId ?? undefined, name: t.experimentName ?? undefined, config: t.experimentConfig ?? undefined }
    : undefined;
  return {
    uuid: c.uuid,
    taskId: c.taskId ?? "",
    allocationId: c.allocationId ?? "",
    reportTime: c.reportTime ?? undefined,
    state: c.state && c.state !== "STATE_UNSPECIFIED" ? (c.state.slice("STATE_".length) as TReportCheckpoint["state"]) : undefined,
    metadata,
    resources: c.resources ?? undefined,
    batchNumber: Number.isSafeInteger(steps) && (steps as number) >= 0 ? (steps as number) : undefined,
    framework: str(metadata.framework),
    format: str(metadata.format),
    experiment,
    trial: t.trialId != null || t.hparams != null ? { id: t.trialId ?? undefined, hparams: t.hparams ?? undefined } : undefined,
    trainingMetrics: t.trainingMetrics?.avgMetrics ?? {},
    validationMetrics: t.validationMetrics?.avgMetrics ?? {},
    searcherMetric: t.searcherMetric ?? null,
  };
}
