import "server-only";
import { byUtf8Path, type FileProblem } from "../../archive";
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
  fileDigests: true,
  manifestDigest: true,
  verifiedAt: true,
  corruptAt: true,
  corruptFiles: true,
  trial: { select: { hparams: true } },
  experiment: { select: { name: true, config: true, searcherMetric: true } },
} satisfies Prisma.CheckpointSelect;

type CheckpointRow = Prisma.CheckpointGetPayload<{ select: typeof checkpointSelect }>;
type Obj = Record<string, unknown>;

/** A stored file with its SHA-256 (null for a checkpoint the backfill has not reached yet). */
export type TCheckpointFile = { path: string; size: number; sha256: string | null };

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
  /** Every stored file in manifest order (docs/decisions/070-checkpoint-digests-and-manifest.md). */
  files: TCheckpointFile[];
  /** "sha256:<hex>" over the files' paths, sizes and digests; null until the files are hashed. */
  manifestDigest: string | null;
  /** When the stored files were last hashed and matched (upload, backfill or storage verify). */
  verifiedAt: Date | null;
  /** Set when storage verify found stored files changed, missing or added; downloads are then refused. */
  corrupt: { at: Date; files: FileProblem[] } | null;
};

/** The integrity columns as stored (Prisma row or the raw-SQL version read). */
export type IntegrityColumns = {
  resources: Record<string, number>;
  fileDigests: unknown;
  manifestDigest: string | null;
  verifiedAt: Date | string | null;
  corruptAt: Date | string | null;
  corruptFiles: unknown;
};

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

/** The integrity fields of TCheckpoint from the stored columns. */
export function integrityFields(c: IntegrityColumns): Pick<TCheckpoint, "files" | "manifestDigest" | "verifiedAt" | "corrupt"> {
  const digests = (c.fileDigests ?? {}) as Record<string, string>;
  const files = Object.entries(c.resources).map(([p, size]) => ({ path: p, size: Number(size), sha256: digests[p] ?? null })).sort(byUtf8Path);
  const corruptAt = date(c.corruptAt);
  return {
    files,
    manifestDigest: c.manifestDigest,
    verifiedAt: date(c.verifiedAt),
    corrupt: corruptAt ? { at: corruptAt, files: (c.corruptFiles ?? []) as FileProblem[] } : null,
  };
}

export function toCheckpoint(row: CheckpointRow): TCheckpoint {
  const { trial, experiment, resources, fileDigests, manifestDigest, verifiedAt, corruptAt, corruptFiles, ...rest } = row;
  const res = (resources ?? {}) as Record<string, number>;
  return {
    ...rest,
    ...integrityFields({ resources: res, fileDigests, manifestDigest, verifiedAt, corruptAt, corruptFiles }),
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
