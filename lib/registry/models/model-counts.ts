import "server-only";
import { db, type Prisma } from "../../db/client";

/**
 * Denormalised model counts: "all" models and "archived" ones. Every model insert,
 * delete, archive and unarchive changes them in its own transaction, so the list's
 * unfiltered total is one row read instead of a count(*) over 10^5 rows
 * (docs/decisions/009-list-pagination-at-scale.md).
 */
export type CountKey = "all" | "archived";

/**
 * Call once per change, after it, inside its transaction. The rows are updated one at
 * a time in a fixed order ("all", then "archived") so two writers never lock them in
 * opposite orders. Both rows are created together: the first write on a database
 * without them counts the table in the same statement (the count already includes
 * this change); a concurrent first writer conflicts and takes the increment path,
 * so no change is counted twice or lost.
 */
export async function bumpModelCounts(tx: Prisma.TransactionClient, delta: { all?: number; archived?: number }): Promise<void> {
  const all = delta.all ?? 0;
  const archived = delta.archived ?? 0;
  for (const [key, d] of [["all", all], ["archived", archived]] as const) {
    if (d === 0) continue;
    const updated = await tx.$executeRaw`UPDATE model_counts SET value = value + ${d}::int WHERE key = ${key}`;
    if (!updated) break; // no rows yet: created below, counting this change
    if (key === "archived" || archived === 0) return;
  }
  await tx.$executeRaw`
    INSERT INTO model_counts (key, value)
    SELECT k.key, CASE k.key WHEN 'all' THEN c.n_all ELSE c.n_archived END
      FROM (SELECT count(*)::int AS n_all, (count(*) FILTER (WHERE archived))::int AS n_archived FROM models) c,
           (VALUES ('all'), ('archived')) AS k(key)
    ON CONFLICT (key) DO UPDATE
      SET value = model_counts.value + CASE EXCLUDED.key WHEN 'all' THEN ${all}::int ELSE ${archived}::int END`;
}

/** The total for a filter on `archived` alone (or none); null while no counts are kept yet. */
export async function countedTotal(archived: boolean | undefined): Promise<number | null> {
  const rows = await db().$queryRaw<{ key: string; value: number }[]>`SELECT key, value FROM model_counts`;
  const all = rows.find((r) => r.key === "all")?.value;
  const arch = rows.find((r) => r.key === "archived")?.value;
  if (all === undefined || arch === undefined) return null;
  if (archived === undefined) return all;
  return archived ? arch : all - arch;
}
