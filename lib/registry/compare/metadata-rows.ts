import "server-only";
import { db } from "../../db/client";

/** Top-level keys of a version's metadata that are identical in every compared version, and too big to send. */
export type IdenticalKey = { key: string; bytes: number };

/** Identical values at most this big (on disk, compressed) still come back, so "all fields" can show them. */
const SEND_IDENTICAL_UP_TO = 4096;

/**
 * The compared versions' metadata, pruned in PostgreSQL: a top-level key whose value is
 * the same jsonb in every version (jsonb equality, in C, without sending it) comes back
 * once with its size instead of N times, unless it is small. Megabytes of shared
 * evaluation tables then never reach Node; only keys that differ are parsed and diffed.
 * A key that differs deep inside a large value still costs that value, once per version.
 */
export async function readComparedMetadata(modelId: number, versions: number[]): Promise<{ byVersion: Map<number, Record<string, unknown>>; identical: IdenticalKey[] }> {
  const n = versions.length;
  const rows = await db().$queryRaw<{ version: number; key: string; value: unknown; identical: boolean; bytes: number }[]>`
    WITH picked AS (
      SELECT version, CASE WHEN jsonb_typeof(metadata) = 'object' THEN metadata ELSE '{}'::jsonb END AS metadata
        FROM model_versions WHERE model_id = ${modelId} AND version = ANY(${versions}::int[])
    ), kv AS (
      SELECT p.version, k.key, k.value FROM picked p, jsonb_each(p.metadata) k
    ), g AS (
      SELECT key, count(*) = ${n} AND count(DISTINCT value) = 1 AS identical, max(pg_column_size(value))::int AS bytes
        FROM kv GROUP BY key
    )
    SELECT kv.version, kv.key, g.identical, g.bytes,
           CASE WHEN g.identical AND g.bytes > ${SEND_IDENTICAL_UP_TO} THEN NULL ELSE kv.value END AS value
      FROM kv JOIN g USING (key)
     WHERE NOT g.identical OR kv.version = ${versions[0]}
     ORDER BY kv.key COLLATE "C", kv.version`;
  const byVersion = new Map<number, Record<string, unknown>>(versions.map((v) => [v, {}]));
  const identical: IdenticalKey[] = [];
  for (const r of rows) {
    if (r.identical && r.value === null && r.bytes > SEND_IDENTICAL_UP_TO) {
      identical.push({ key: r.key, bytes: r.bytes });
      continue;
    }
    // Small identical keys are sent once (from the baseline) and copied to every version.
    const targets = r.identical ? versions : [r.version];
    for (const v of targets) byVersion.get(v)![r.key] = r.value;
  }
  identical.sort((a, b) => a.key.localeCompare(b.key));
  return { byVersion, identical };
}
