import "server-only";
import { db, Prisma } from "../../db/client";
import { edge } from "../edge";
import { until } from "./at-queries";

/** One stretch of time during which an alias named one version (null: none). */
export type TAliasSegment = { version: number | null; from: Date; to: Date | null; setBy: string; reason: string };
export type TAliasTimeline = { alias: string; segments: TAliasSegment[] };

/**
 * For the model page's picture: each alias's most recent `perAlias` changes up to `end`
 * (default now), oldest first, as segments: the newest few index entries per alias name,
 * so 100,000 moves cost the page nothing more.
 */
export const aliasTimeline = edge(async function aliasTimeline(
  modelId: number, opts: { end?: Date; perAlias?: number } = {},
): Promise<TAliasTimeline[]> {
  const perAlias = Math.min(Math.max(opts.perAlias ?? 20, 1), 500);
  const endFilter = opts.end ? Prisma.sql`AND h.at < ${until(opts.end)}` : Prisma.empty;
  const rows = await db().$queryRaw<{ alias: string; at: Date; username: string; action: string; version: string | null; reason: string | null }[]>`
    SELECT a.alias, e.*
      FROM model_aliases a
     CROSS JOIN LATERAL (
       SELECT h.id, h.at, h.username, h.action,
              (SELECT c->>'after' FROM jsonb_array_elements(h.changes) c WHERE c->>'field' = 'version' LIMIT 1) AS version,
              (SELECT c->>'after' FROM jsonb_array_elements(h.changes) c WHERE c->>'field' = 'reason' LIMIT 1) AS reason
         FROM history_events h
        WHERE h.object_type = 'ALIAS' AND h.action IN ('SET', 'MOVE', 'REMOVE')
          AND h.object_id = a.model_id::text || '@' || a.alias ${endFilter}
        -- Newest first by id: one alias's events are stamped under its lock with
        -- non-decreasing times (lock-alias.ts), so id order is time order, and the
        -- (object_type, object_id, id) index yields the newest few without a sort.
        ORDER BY h.id DESC
        LIMIT ${perAlias}) e
     WHERE a.model_id = ${modelId}
     ORDER BY a.alias, e.id`;
  const byAlias = new Map<string, TAliasSegment[]>();
  for (const r of rows) {
    const list = byAlias.get(r.alias) ?? [];
    const previous = list[list.length - 1];
    if (previous) previous.to = r.at;
    list.push({ version: r.action === "REMOVE" || r.version === null ? null : Number(r.version), from: r.at, to: null, setBy: r.username, reason: r.reason ?? "" });
    byAlias.set(r.alias, list);
  }
  return [...byAlias].filter(([, s]) => s.length).map(([alias, segments]) => ({ alias, segments }));
});
