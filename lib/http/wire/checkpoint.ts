import type { TWireCheckpoint } from "../../schemas/api";
import type { TCheckpoint } from "../../registry";
import { currentOrigin } from "../request-context";

/**
 * Determined's v1Checkpoint. Sizes are int64, so strings on the wire. The SDK asserts
 * that a checkpoint with a trialId has an experimentId and an experimentConfig, and
 * the CLI's version table prints metadata.steps_completed.
 */
export function wireCheckpoint(c: TCheckpoint): TWireCheckpoint {
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
      experimentConfig: hasTrial || c.experimentConfig
        ? { ...(nonEmpty(c.experimentConfig) ?? { name: c.experimentName ?? "" }), checkpoint_storage: checkpointStorage() }
        : null,
      hparams: c.hparams,
      trainingMetrics: { avgMetrics: c.trainingMetrics, batchMetrics: [] },
      validationMetrics: { avgMetrics: c.validationMetrics, batchMetrics: [] },
      searcherMetric: c.searcherMetric,
    },
    storageId: c.storageId,
    files: c.files.map((f) => ({ path: f.path, size: String(f.size), sha256: f.sha256 })),
    manifestDigest: c.manifestDigest,
    verifiedTime: c.verifiedAt?.toISOString() ?? null,
    corrupt: c.corrupt !== null,
    corruptFiles: c.corrupt?.files ?? [],
  };
}

const nonEmpty = (o: Record<string, unknown> | null) => (o && Object.keys(o).length ? o : null);

/**
 * The SDK's Checkpoint.download() reads experimentConfig.checkpoint_storage first and
 * tries the storage directly; only an "s3" store that answers AccessDenied makes it
 * fall back to downloading through us (GET /checkpoints/{uuid}). So we describe an
 * S3 store at /s3 on this server that always denies (app/s3), and the files come
 * from our own archive route. Explicit dummy keys keep boto3 from using (and
 * sending) the user's own AWS credentials. docs/decisions/014-checkpoint-download-via-sdk.md
 */
function checkpointStorage() {
  return {
    type: "s3",
    bucket: "model-registry",
    endpoint_url: `${currentOrigin()}/s3`,
    access_key: "model-registry",
    secret_key: "download-through-the-registry",
    prefix: null,
    save_experiment_best: 0,
    save_trial_best: 1,
    save_trial_latest: 1,
  };
}
