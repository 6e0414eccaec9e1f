import "server-only";
import { db } from "../../db/client";

/** Top-level keys of a version's metadata that are identical in every compared version, and too big to send. */
export type IdenticalKey = { key: string; bytes: number };

/** Identical values at most this long (as JSON text) still come back, so "all fields" can show them. */
const SEND_IDENTICAL_UP_TO = 4096;

/** Per version, top-level metadata key -> "md5:length" of its value (a small column a trigger keeps). */
export type MetadataDigests = Map<number, Record<string, string>>;

/** The digests alone: enough to know whether a version's metadata changed, without reading it. */
export async function readMetadataDigests(modelId: number, versions: number[]): Promise<MetadataDigests> {
  const rows = await db().$queryRaw<{ version: number; d: Record<string, string> | null }[]>`
    SELECT version, metadata_digests AS d FROM model_versions WHERE model_id = ${modelId} AND version = ANY(${versions}::int[])`;
  return new Map(rows.map((r) => [r.version, r.d ?? {}]));
}

/**
 * The compared versions' metadata, pruned before Node parses it. `metadata_digests` (a
 * small column a trigger keeps: top-level key -> md5 and length of its value) says which
 * keys hold the same value in every version without reading the values; PostgreSQL then
 * sends each version's metadata minus those keys (`jsonb - text[]`, one pass per
 * document). An identical key comes back once, from the baseline, or only as its size
 * when it is larger than 4 KB. Megabytes of shared evaluation tables never reach Node; a
 * key that differs still costs its value once per version.
 */
export async function readComparedMetadata(modelId: number, versions: number[], digests: MetadataDigests): Promise<{ byVersion: Map<number, Record<string, unknown>>; identical: IdenticalKey[] }> {
  const base = versions[0];
  const keys = new Set([...digests.values()].flatMap((d) => Object.keys(d)));
  const identicalSmall: string[] = [], identicalBig: IdenticalKey[] = [];
  for (const key of keys) {
    const first = digests.get(base)?.[key];
    if (first === undefined || !versions.every((v) => digests.get(v)?.[key] === first)) continue;
    const bytes = Number(first.slice(first.lastIndexOf(":") + 1));
    if (bytes > SEND_IDENTICAL_UP_TO) identicalBig.push({ key, bytes });
    else identicalSmall.push(key);
  }
  const dropForOthers = [...identicalSmall, ...identicalBig.map((k) => k.key)];
  const dropForBase = identicalBig.map((k) => k.key);
  // Up to five queries in parallel (two versions each at most): each decompresses
  // megabytes-long documents, so PostgreSQL spreads that over its cores instead of one
  // backend doing all ten in turn, without one compare taking the whole connection pool.
  // metadata_digests is '{}' exactly when the metadata is no object or an empty one;
  // testing it rather than jsonb_typeof(metadata) saves decompressing each document a
  // second time (decision 075).
  const groups = Array.from({ length: Math.ceil(versions.length / 2) }, (_, i) => versions.slice(i * 2, i * 2 + 2));
  const rows = (await Promise.all(groups.map((group) => db().$queryRaw<{ version: number; metadata: unknown }[]>`
    SELECT version,
           CASE WHEN metadata_digests = '{}'::jsonb THEN '{}'::jsonb
                WHEN version = ${base} THEN metadata - ${dropForBase}::text[]
                ELSE metadata - ${dropForOthers}::text[] END AS metadata
      FROM model_versions WHERE model_id = ${modelId} AND version = ANY(${group}::int[])`))).flat();
  const fetched = new Map(rows.map((r) => [r.version, (r.metadata ?? {}) as Record<string, unknown>]));
  const baseline = fetched.get(base) ?? {};
  const byVersion = new Map<number, Record<string, unknown>>();
  for (const v of versions) {
    // Small identical keys came once, with the baseline: every version gets them.
    const own = v === base ? baseline : { ...fetched.get(v), ...Object.fromEntries(identicalSmall.map((k) => [k, baseline[k]])) };
    byVersion.set(v, Object.fromEntries(Object.keys(own).sort().map((k) => [k, own[k]])));
  }
  identicalBig.sort((a, b) => a.key.localeCompare(b.key));
  return { byVersion, identical: identicalBig };
}
