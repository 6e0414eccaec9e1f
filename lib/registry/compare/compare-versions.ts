import "server-only";
import { alignJsonWindow, diffJsonWindow, type AlignedRow, type JsonChange } from "../../compare/json-diff";
import { StaleCursorError, clipValue, fingerprint, pageOf, windowedPage, type CompareSection, type SectionPage } from "../../compare/paging";
import { checkpointFileEntries, diffFiles, type FileRow } from "../../compare/files-diff";
import { metricsTable, type MetricRow } from "../../compare/metrics-table";
import { diffText, type TextPart } from "../../compare/notes-diff";
import { db } from "../../db/client";
import { ZCompareSection, ZCompareVersions, type TCompareSection, type TCompareVersions } from "../../schemas/compare";
import { checkpointSelect, toCheckpoint } from "../checkpoints/select";
import { edge } from "../edge";
import { RegistryError, parse } from "../errors";
import { findModelOrThrow } from "../models/select";
import { readComparedMetadata, readMetadataDigests, type IdenticalKey } from "./metadata-rows";

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

/** A row of a structural diff as sent: a cell's value longer than 4 KB as JSON comes as a preview, with `bytes` its full size. */
export type TSentRow = Omit<AlignedRow, "cells"> & { cells: (AlignedRow["cells"][number] & { bytes?: number })[] };
/** A change as sent: `beforeBytes` / `afterBytes` mark a value sent as a preview (its full size). */
export type TSentChange = JsonChange & { beforeBytes?: number; afterBytes?: number };

/**
 * Where each paged list stands: its total (after "only differences"), how many rows this
 * reply holds, and the cursor for the next page (null when it holds the last).
 */
export type TComparePages = {
  hyperparameters: SectionPage; metadata: SectionPage; checkpointMetadata: SectionPage; files: SectionPage;
  changes: { version: number; hyperparameters: SectionPage; metadata: SectionPage }[];
};

export type TVersionComparison = {
  model: { id: number; name: string };
  /** In the order asked; the first is the baseline every "change" is measured against. */
  versions: TComparedVersion[];
  fields: TFieldRow[];
  metrics: MetricRow[];
  /** The paged lists hold their first page (at most `limit` rows each); `pages` says what is left. */
  hyperparameters: TSentRow[];
  metadata: { rows: TSentRow[]; identicalKeys: IdenticalKey[] };
  checkpointMetadata: TSentRow[];
  /** Structural changes of each version against the baseline (the baseline's own entry is empty). */
  changes: { version: number; hyperparameters: TSentChange[]; metadata: TSentChange[] }[];
  /** Each version's notes against the baseline's (null for the baseline). */
  notes: { version: number; identical: boolean; parts: TextPart[] | null }[];
  files: FileRow[];
  /** Applied to the paged lists: rows where every version agrees were left out. */
  only: boolean;
  pages: TComparePages;
};

/** One more page of one paged list (GET .../compare?section=...&after=...). */
export type TCompareSectionPage = {
  model: { id: number; name: string };
  section: CompareSection;
  /** For the changes sections: whose changes against the baseline. */
  version: number | null;
  rows: TSentRow[] | TSentChange[] | FileRow[];
  page: SectionPage;
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

type Loaded = Awaited<ReturnType<typeof loadVersions>>;

/** The compared versions with their checkpoints, and the fingerprint a cursor must match. */
async function loadVersions(modelRef: string | number, versionNumbers: number[], only: boolean) {
  const model = await findModelOrThrow(db(), modelRef);
  const [rows, digests] = await Promise.all([
    db().modelVersion.findMany({ where: { modelId: model.id, version: { in: versionNumbers } }, select: compareSelect }),
    readMetadataDigests(model.id, versionNumbers),
  ]);
  const missing = versionNumbers.filter((n) => !rows.some((r) => r.version === n));
  if (missing.length) {
    throw new RegistryError("NOT_FOUND", `Model "${model.name}" has no version ${missing.join(", ")}.`);
  }
  const ordered = versionNumbers.map((n) => rows.find((r) => r.version === n)!);
  const cps = ordered.map((r) => ({ ...toCheckpoint(r.checkpoint), smallerIsBetter: r.checkpoint.experiment?.smallerIsBetter ?? null }));
  // What the paged lists are made of: version metadata by its digests (no need to read
  // megabytes), the checkpoints' hyperparameters, metadata and files by value.
  const fp = fingerprint([only, ordered.map((r, i) => [
    r.version, digests.get(r.version) ?? {}, cps[i].uuid, cps[i].hparams, cps[i].metadata,
    checkpointFileEntries(cps[i] as { resources: Record<string, unknown>; files?: unknown }),
  ])]);
  return { model, ordered, cps, digests, fp, only };
}

const clipRow = (r: AlignedRow): TSentRow => {
  let clipped = false;
  const cells = r.cells.map((c) => {
    if (!c.present) return c;
    const v = clipValue(c.value);
    if (v.bytes === undefined) return c;
    clipped = true;
    return { ...c, value: v.value, bytes: v.bytes };
  });
  return clipped ? { ...r, cells } : r;
};

const clipChange = (c: JsonChange): TSentChange => {
  const out: TSentChange = { ...c };
  if ("before" in c) {
    const v = clipValue(c.before);
    if (v.bytes !== undefined) Object.assign(out, { before: v.value, beforeBytes: v.bytes });
  }
  if ("after" in c) {
    const v = clipValue(c.after);
    if (v.bytes !== undefined) Object.assign(out, { after: v.value, afterBytes: v.bytes });
  }
  return out;
};

const rowKey = (r: { key: string }) => r.key;
const fileKey = (r: FileRow) => r.path;
const changeKey = (c: JsonChange) => `${c.kind}:${JSON.stringify(c.path)}`;

type Paging = { limit: number; after?: string | null; fp: string; only: boolean };

/**
 * The paged lists, each built only when asked for (the metadata read is the costly one),
 * and only as far as the page: the structural diffs and changes are counted in full but
 * built from the windowed walks (json-diff.ts), so a page costs one walk, not a list of
 * every row (decision 140).
 */
function sections(l: Loaded) {
  const hparams = l.cps.map((c) => c.hparams);
  let meta: Promise<{ values: Record<string, unknown>[]; identical: IdenticalKey[] }> | undefined;
  const metadata = () => (meta ??= readComparedMetadata(l.model.id, l.ordered.map((r) => r.version), l.digests)
    .then((m) => ({ values: l.ordered.map((r) => m.byVersion.get(r.version) ?? {}), identical: m.identical })));
  const aligned = (values: unknown[], p: Paging) => {
    const page = windowedPage((from, count) => alignJsonWindow(values, { from, count, only: p.only }), { ...p, key: rowKey });
    return { rows: page.rows.map(clipRow), page: page.page };
  };
  // The baseline's own changes are none: no walk of itself.
  const changes = (before: unknown, after: unknown, p: Paging, baseline: boolean) => {
    const page = windowedPage((from, count) => (baseline ? { rows: [], total: 0, all: 0 } : { ...diffJsonWindow(before, after, from, count), all: 0 }), { ...p, key: changeKey });
    return { rows: page.rows.map(clipChange), page: { ...page.page, all: page.page.total } };
  };
  return {
    hparams,
    metadata,
    hyperparameters: (p: Paging) => aligned(hparams, p),
    metadataRows: async (p: Paging) => aligned((await metadata()).values, p),
    checkpointMetadata: (p: Paging) => aligned(l.cps.map((c) => c.metadata), p),
    files: (p: Paging) => {
      const rows = diffFiles(l.cps.map((c) => checkpointFileEntries(c as { resources: Record<string, unknown>; files?: unknown })));
      const kept = p.only ? rows.filter((r) => r.differs) : rows;
      return pageOf(kept, { ...p, key: fileKey, all: rows.length });
    },
    hyperparameterChanges: (at: number, p: Paging) => changes(hparams[0], hparams[at], p, at === 0),
    metadataChanges: async (at: number, p: Paging) => {
      const values = (await metadata()).values;
      return changes(values[0], values[at], p, at === 0);
    },
  };
}

async function cursorErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StaleCursorError) throw new RegistryError(e.malformed ? "INVALID" : "CONFLICT", e.message);
    throw e;
  }
}

/**
 * 2 to 10 versions of one model side by side. Version metadata is pruned in SQL
 * (metadata-rows.ts) before it is diffed; everything else is one query. The lists that
 * grow with the data (structural diffs, each version's changes, files) hold their first
 * `limit` rows; `pages` gives each one's total and the cursor for compareSection.
 */
export const compareVersions = edge(async function compareVersions(modelRef: string | number, input: TCompareVersions): Promise<TVersionComparison> {
  const q = parse(ZCompareVersions, input);
  const l = await loadVersions(modelRef, q.versions, q.only);
  const { model, ordered, cps } = l;
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
  const sec = sections(l);
  const meta = await sec.metadata();
  const p: Paging = { limit: q.limit, fp: l.fp, only: q.only };
  const hp = sec.hyperparameters(p);
  const md = await sec.metadataRows(p);
  const cm = sec.checkpointMetadata(p);
  const fl = sec.files(p);
  const changes = [];
  for (let i = 0; i < versions.length; i++) {
    changes.push({ version: versions[i].version, hyperparameters: sec.hyperparameterChanges(i, p), metadata: await sec.metadataChanges(i, p) });
  }
  return {
    model: { id: model.id, name: model.name },
    versions,
    fields,
    metrics: metricsTable(cps, q.flip),
    hyperparameters: hp.rows,
    metadata: { rows: md.rows, identicalKeys: meta.identical },
    checkpointMetadata: cm.rows,
    changes: changes.map((c) => ({ version: c.version, hyperparameters: c.hyperparameters.rows, metadata: c.metadata.rows })),
    notes: versions.map((v, i) => ({
      version: v.version,
      identical: v.notes === versions[0].notes,
      parts: i === 0 || v.notes === versions[0].notes ? null : diffText(versions[0].notes, v.notes),
    })),
    files: fl.rows,
    only: q.only,
    pages: {
      hyperparameters: hp.page, metadata: md.page, checkpointMetadata: cm.page, files: fl.page,
      changes: changes.map((c) => ({ version: c.version, hyperparameters: c.hyperparameters.page, metadata: c.metadata.page })),
    },
  };
});

/**
 * The next page of one paged list of a comparison: `after` is the `next` cursor of the
 * page before (from compareVersions' `pages` or an earlier compareSection). A cursor from
 * another list, other options, or versions that changed since is refused (CONFLICT)
 * rather than skipping or repeating rows. Only that list is computed.
 */
export const compareSection = edge(async function compareSection(modelRef: string | number, input: TCompareSection): Promise<TCompareSectionPage> {
  const q = parse(ZCompareSection, input);
  const l = await loadVersions(modelRef, q.versions, q.only);
  const sec = sections(l);
  const at = q.version === undefined ? -1 : q.versions.indexOf(q.version);
  if (q.version !== undefined && at < 0) {
    throw new RegistryError("INVALID", `version ${q.version} is not one of the compared versions (${q.versions.join(", ")}).`);
  }
  const p: Paging = { limit: q.limit, after: q.after, fp: l.fp, only: q.only };
  const reply = (x: { rows: TCompareSectionPage["rows"]; page: SectionPage }): TCompareSectionPage => ({
    model: { id: l.model.id, name: l.model.name }, section: q.section, version: q.version ?? null, rows: x.rows, page: x.page,
  });
  return cursorErrors(async () => {
    switch (q.section) {
      case "hyperparameters": return reply(sec.hyperparameters(p));
      case "metadata": return reply(await sec.metadataRows(p));
      case "checkpointMetadata": return reply(sec.checkpointMetadata(p));
      case "files": return reply(sec.files(p));
      case "hyperparameterChanges": return reply(sec.hyperparameterChanges(at, p));
      case "metadataChanges": return reply(await sec.metadataChanges(at, p));
    }
  });
});
