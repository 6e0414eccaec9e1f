import "server-only";
import { db, Prisma } from "../../db/client";
import type { TCheckpointState, TMetadata } from "../../schemas";
import { integrityFields, type TCheckpoint } from "../checkpoints/select";
import { modelsByIds, type TModel } from "../models/select";
import type { TModelVersion } from "./select";

type Obj = Record<string, unknown>;
/** A version row as versionColumns reads it. */
export type VersionSqlRow = {
  id: number; version: number; name: string; comment: string; notes: string; labels: string[]; metadata: TMetadata | null;
  revision: number; creationTime: Date; lastUpdatedTime: Date; userId: number; username: string; aliases: string[];
  cp: {
    uuid: string; taskId: string; allocationId: string; reportTime: string; state: TCheckpointState; resources: Record<string, number> | null;
    metadata: Obj | null; batchNumber: number | null; framework: string; format: string; trainingMetrics: Obj | null;
    validationMetrics: Obj | null; searcherMetric: number | null; storageId: number | null; trialId: number | null;
    experimentId: number | null; experimentName: string | null; experimentConfig: Obj | null; searcherMetricName: string | null;
    hparams: Obj | null; fileDigests: Obj | null; manifestDigest: string | null; verifiedAt: string | null;
    corruptAt: string | null; corruptFiles: unknown;
  };
};

/**
 * A version (`v`, one row of model_versions) with its user, aliases and checkpoint, as
 * select columns and joins: what versionSelect's ten Prisma statements read, in one.
 */
export const versionColumns = Prisma.sql`
  v.id, v.version, v.name, v.comment, v.notes, v.labels, v.metadata, v.revision,
  v.creation_time AS "creationTime", v.last_updated_time AS "lastUpdatedTime", v.user_id AS "userId", u.username,
  ARRAY(SELECT x.alias FROM model_aliases x WHERE x.model_id = v.model_id AND x.version = v.version ORDER BY x.alias) AS aliases,
  json_build_object(
    'uuid', c.uuid, 'taskId', c.task_id, 'allocationId', c.allocation_id, 'reportTime', c.report_time, 'state', c.state,
    'resources', c.resources, 'metadata', c.metadata, 'batchNumber', c.batch_number, 'framework', c.framework,
    'format', c.format, 'trainingMetrics', c.training_metrics, 'validationMetrics', c.validation_metrics,
    'searcherMetric', c.searcher_metric, 'storageId', c.storage_id, 'trialId', c.trial_id, 'experimentId', c.experiment_id,
    'experimentName', e.name, 'experimentConfig', e.config, 'searcherMetricName', e.searcher_metric, 'hparams', t.hparams,
    'fileDigests', c.file_digests, 'manifestDigest', c.manifest_digest, 'verifiedAt', c.verified_at,
    'corruptAt', c.corrupt_at, 'corruptFiles', c.corrupt_files
  ) AS cp`;
export const versionJoins = Prisma.sql`
  JOIN users u ON u.id = v.user_id
  JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
  LEFT JOIN trials t ON t.id = c.trial_id
  LEFT JOIN experiments e ON e.id = c.experiment_id`;

/** The version a versionColumns row describes, of the given model. */
export function toVersionFromSql(row: VersionSqlRow, model: TModel): TModelVersion {
  const { cp, metadata, id, version, name, comment, notes, labels, revision, creationTime, lastUpdatedTime, userId, username, aliases } = row;
  const { fileDigests, manifestDigest, verifiedAt, corruptAt, corruptFiles, ...cpRest } = cp;
  const resources = cp.resources ?? {};
  const checkpoint: TCheckpoint = {
    ...cpRest,
    ...integrityFields({ resources, fileDigests, manifestDigest, verifiedAt, corruptAt, corruptFiles }),
    reportTime: new Date(cp.reportTime),
    resources,
    totalSize: Object.values(resources).reduce((a, b) => a + Number(b), 0),
    metadata: cp.metadata ?? {},
    trainingMetrics: cp.trainingMetrics ?? {},
    validationMetrics: cp.validationMetrics ?? {},
    hparams: cp.hparams ?? {},
  };
  return {
    id, version, name, comment, notes, labels, revision, creationTime, lastUpdatedTime, userId, username, aliases,
    metadata: (metadata ?? {}) as TMetadata, model, checkpoint,
  };
}

/**
 * One version, with its checkpoint and its model, in one statement for the version and
 * one for the model (side by side), instead of the ten Prisma sends for versionSelect's
 * relations: what resolving an alias reads on every serving job's request (decision 050).
 * Returns exactly what getVersion returns (tests/registry/version-by-number.test.ts).
 */
export async function versionByNumber(modelId: number, version: number): Promise<TModelVersion | null> {
  const [[row], [model]] = await Promise.all([
    db().$queryRaw<VersionSqlRow[]>`
      SELECT ${versionColumns}
        -- LIMIT 1 tells the planner what the unique key means (one row); without it it
        -- guesses thousands for a big model and hashes every checkpoint.
        FROM (SELECT * FROM model_versions WHERE model_id = ${modelId} AND version = ${version} LIMIT 1) v
        ${versionJoins}`,
    modelsByIds([modelId]),
  ]);
  return row && model ? toVersionFromSql(row, model) : null;
}
