import "server-only";
import { alignJson, diffJson, type AlignedRow, type JsonChange } from "../../compare/json-diff";
import { checkpointFileEntries, diffFiles, type FileRow } from "../../compare/files-diff";
import { metricsTable, type MetricRow } from "../../compare/metrics-table";
import { diffText, type TextPart } from "../../compare/notes-diff";
import { db } from "../../db/client";
import { ZCompareVersions, type TCompareVersions } from "../../schemas/compare";
import { checkpointSelect, toCheckpoint } from "../checkpoints/select";
import { edge } from "../edge";
import { RegistryError, parse } from "../errors";
import { findModelOrThrow } from "../models/select";
import { readComparedMetadata, type IdenticalKey } from "./metadata-rows";

export type TComparedVersion = {
  version: number; name: string; comment: string; labels: string[]; aliases: string[]; notes: string;
  username: string; creationTime: Date; lastUpdatedTime: Date;
  checkpoint: {
    uuid: string; state: string; framework: string; format: string; experimentId: number | null; experimentName: string | null;
    trialId: number | null; batchNumber: number | null; reportTime: Date; totalSize: number; searcherMetricName: string | null;
  };
};
/** One plain field across the versions; `differs` when any value is not the baseline's. */
export type TFieldRow = { field: string; label: string; values: string[]; differs: boolean };

export type TVersionComparison = {
  model: { id: number; name: string };
  /** In the order asked; the first is the baseline every "change" is measured against. */
  versions: TComparedVersion[];
  fields: TFieldRow[];
  metrics: MetricRow[];
  hyperparameters: AlignedRow[];
  metadata: { rows: AlignedRow[]; identicalKeys: IdenticalKey[] };
  checkpointMetadata: AlignedRow[];
  /** Structural changes of each version against the baseline (the baseline's own entry is empty). */
  changes: { version: number; hyperparameters: JsonChange[]; metadata: JsonChange[] }[];
  /** Each version's notes against the baseline's (null for the baseline). */
  notes: { version: number; identical: boolean; parts: TextPart[] | null }[];
  files: FileRow[];
};

const { metadata: _ckptMeta, ...ckptSelect } = checkpointSelect;
const compareSelect = {
  version: true, name: true, comment: true, notes: true, labels: true, creationTime: true, lastUpdatedTime: true,
  user: { select: { username: true } },
  aliases: { select: { alias: true }, orderBy: { alias: "asc" } },
  checkpoint: { select: { ...ckptSelect, metadata: true, experiment: { select: { name: true, config: true, searcherMetric: true, smallerIsBetter: true } } } },
} as const;

const list = (xs: string[]) => xs.join(", ");
const day = (d: Date) => d.toISOString();

/**
 * 2 to 10 versions of one model side by side. Version metadata is pruned in SQL
 * (metadata-rows.ts) before it is diffed; everything else is one query.
 */
export const compareVersions = edge(async function compareVersions(modelRef: string | number, input: TCompareVersions): Promise<TVersionComparison> {
  const q = parse(ZCompareVersions, input);
  const model = await findModelOrThrow(db(), modelRef);
  const [rows, meta] = await Promise.all([
    db().modelVersion.findMany({ where: { modelId: model.id, version: { in: q.versions } }, select: compareSelect }),
    readComparedMetadata(model.id, q.versions),
  ]);
  const missing = q.versions.filter((n) => !rows.some((r) => r.version === n));
  if (missing.length) {
    throw new RegistryError("NOT_FOUND", `Model "${model.name}" has no version ${missing.join(", ")}.`);
  }
  const ordered = q.versions.map((n) => rows.find((r) => r.version === n)!);
  const cps = ordered.map((r) => ({ ...toCheckpoint(r.checkpoint), smallerIsBetter: r.checkpoint.experiment?.smallerIsBetter ?? null }));
  const versions: TComparedVersion[] = ordered.map((r, i) => ({
    version: r.version, name: r.name, comment: r.comment, labels: r.labels, aliases: r.aliases.map((a) => a.alias), notes: r.notes,
    username: r.user.username, creationTime: r.creationTime, lastUpdatedTime: r.lastUpdatedTime,
    checkpoint: {
      uuid: cps[i].uuid, state: cps[i].state, framework: cps[i].framework, format: cps[i].format, experimentId: cps[i].experimentId,
      experimentName: cps[i].experimentName, trialId: cps[i].trialId, batchNumber: cps[i].batchNumber, reportTime: cps[i].reportTime,
      totalSize: cps[i].totalSize, searcherMetricName: cps[i].searcherMetricName,
    },
  }));
  const field = (f: string, label: string, get: (v: TComparedVersion) => string): TFieldRow => {
    const values = versions.map(get);
    return { field: f, label, values, differs: values.some((x) => x !== values[0]) };
  };
  const fields: TFieldRow[] = [
    field("name", "Name", (v) => v.name),
    field("comment", "Comment", (v) => v.comment),
    field("labels", "Labels", (v) => list(v.labels)),
    field("aliases", "Aliases", (v) => list(v.aliases)),
    field("framework", "Framework", (v) => v.checkpoint.framework),
    field("format", "Format", (v) => v.checkpoint.format),
    field("experiment", "Experiment", (v) => (v.checkpoint.experimentId === null ? "" : `${v.checkpoint.experimentId}${v.checkpoint.experimentName ? ` (${v.checkpoint.experimentName})` : ""}`)),
    field("trial", "Trial", (v) => (v.checkpoint.trialId === null ? "" : String(v.checkpoint.trialId))),
    field("batch", "Batch", (v) => (v.checkpoint.batchNumber === null ? "" : String(v.checkpoint.batchNumber))),
    field("checkpoint", "Checkpoint", (v) => v.checkpoint.uuid),
    field("creator", "Creator", (v) => v.username),
    field("created", "Registered", (v) => day(v.creationTime)),
    field("updated", "Last updated", (v) => day(v.lastUpdatedTime)),
    field("reported", "Checkpoint reported", (v) => day(v.checkpoint.reportTime)),
  ];
  // The checkpoint's manifest digest (SHA-256 over its files), where the integrity work recorded one.
  const manifests = cps.map((c) => (c as { manifestDigest?: string | null }).manifestDigest ?? "");
  if (manifests.some(Boolean)) {
    fields.push({ field: "manifestDigest", label: "Files digest", values: manifests, differs: manifests.some((m) => m !== manifests[0]) });
  }
  const hparams = cps.map((c) => c.hparams);
  const metadata = q.versions.map((n) => meta.byVersion.get(n) ?? {});
  return {
    model: { id: model.id, name: model.name },
    versions,
    fields,
    metrics: metricsTable(cps, q.flip),
    hyperparameters: alignJson(hparams),
    metadata: { rows: alignJson(metadata), identicalKeys: meta.identical },
    checkpointMetadata: alignJson(cps.map((c) => c.metadata)),
    changes: versions.map((v, i) => ({
      version: v.version,
      hyperparameters: i === 0 ? [] : diffJson(hparams[0], hparams[i]),
      metadata: i === 0 ? [] : diffJson(metadata[0], metadata[i]),
    })),
    notes: versions.map((v, i) => ({
      version: v.version,
      identical: v.notes === versions[0].notes,
      parts: i === 0 || v.notes === versions[0].notes ? null : diffText(versions[0].notes, v.notes),
    })),
    files: diffFiles(cps.map((c) => checkpointFileEntries(c as { resources: Record<string, unknown>; files?: unknown }))),
  };
});
