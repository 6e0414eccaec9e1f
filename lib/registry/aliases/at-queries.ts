import "server-only";
import { db, Prisma } from "../../db/client";
import { isProtected } from "./protection";
import { aliasObjectId, type TAlias } from "./select";

/**
 * "At or before" an instant, to the millisecond: instants travel as JSON (milliseconds),
 * while registrations and edits are stamped in microseconds, so a version registered at
 * 09:00:00.123456 counts as existing at 09:00:00.123, the time its reply showed. Written
 * as a range (`< at + 1 ms`) so the indexes on the time columns still serve it.
 */
export const until = (at: Date) => new Date(at.getTime() + 1);

/**
 * What an alias named at an instant, from its newest SET/MOVE/REMOVE event at or before
 * it: who set it then, when and why; its protection is the one it has now.
 */
export type AliasAt = TAlias;

// The version an event left the alias naming, and its reason: history-events' `changes`
// are [{field: "version", before?, after?}, {field: "reason", after}?] (aliases/history.ts).
const after = (field: string) =>
  Prisma.sql`(SELECT c->>'after' FROM jsonb_array_elements(h.changes) c WHERE c->>'field' = ${field} LIMIT 1)`;

/**
 * The newest alias event of these objects at or before `at` (ties: the later id, the
 * commit order), each one descent of history_events_alias_at_idx, whose predicate the
 * WHERE repeats so the planner can use it (docs/decisions/050).
 */
function lastEvent(objectId: Prisma.Sql, at: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT h.at, h.username, h.action, ${after("version")} AS version, ${after("reason")} AS reason
      FROM history_events h
     WHERE h.object_type = 'ALIAS' AND h.action IN ('SET', 'MOVE', 'REMOVE')
       AND h.object_id = ${objectId} AND h.at < ${until(at)}
     ORDER BY h.at DESC, h.id DESC
     LIMIT 1`;
}

type EventRow = { at: Date; username: string; action: string; version: string | null; reason: string | null; protectionSetting: boolean | null };
const toAt = (alias: string, e: EventRow): AliasAt => ({
  alias, version: e.version === null ? null : Number(e.version), setAt: e.at, setBy: e.username, reason: e.reason ?? "",
  protected: isProtected(alias, e.protectionSetting), protectionSetting: e.protectionSetting,
});

/** What one alias named at `at`: null when it named none (never set by then, or removed). */
export async function aliasAt(modelId: number, alias: string, at: Date): Promise<AliasAt | null> {
  const [e] = await db().$queryRaw<EventRow[]>`
    SELECT e.*, a.protected AS "protectionSetting"
      FROM (${lastEvent(Prisma.sql`${aliasObjectId(modelId, alias)}`, at)}) e
      LEFT JOIN model_aliases a ON a.model_id = ${modelId} AND a.alias = ${alias}`;
  return e && e.action !== "REMOVE" ? toAt(alias, e) : null;
}

/**
 * Every alias of the model at `at`: one index descent per alias name the model has ever
 * used (model_aliases keeps a row per name), however many events each has.
 */
export async function aliasesAt(modelId: number, at: Date): Promise<AliasAt[]> {
  const rows = await db().$queryRaw<(EventRow & { alias: string })[]>`
    SELECT a.alias, a.protected AS "protectionSetting", e.*
      FROM model_aliases a
     CROSS JOIN LATERAL (${lastEvent(Prisma.sql`(a.model_id::text || '@' || a.alias)`, at)}) e
     WHERE a.model_id = ${modelId} AND e.action <> 'REMOVE'
     ORDER BY a.alias`;
  return rows.map((r) => toAt(r.alias, r));
}

/**
 * `latest` at `at`: the highest version that existed then. Existing versions say when
 * they were registered; a version deleted since is found through its DELETE event (after
 * `at`) and its CREATE event (at or before it), through two small partial/unique indexes.
 */
export async function latestAt(modelId: number, at: Date): Promise<{ version: number; setAt: Date; setBy: string } | null> {
  const [row] = await db().$queryRaw<{ version: number; setAt: Date; setBy: string }[]>`
    SELECT version, "setAt", "setBy" FROM (
      (SELECT v.version, v.creation_time AS "setAt", u.username AS "setBy"
         FROM model_versions v JOIN users u ON u.id = v.user_id
        WHERE v.model_id = ${modelId} AND v.creation_time < ${until(at)}
        ORDER BY v.version DESC LIMIT 1)
      UNION ALL
      (SELECT split_part(d.object_id, '/', 2)::int, c.at, c.username
         FROM history_events d
         JOIN history_events c ON c.object_type = 'MODEL_VERSION' AND c.object_id = d.object_id AND c.action = 'CREATE'
        WHERE d.object_type = 'MODEL_VERSION' AND d.action = 'DELETE' AND d.model_id = ${modelId} AND d.at >= ${until(at)}
          AND c.at < ${until(at)})
    ) v ORDER BY version DESC LIMIT 1`;
  return row ?? null;
}

/** How many versions the model had at `at` (as latestAt, counting instead of taking the highest). */
export async function versionCountAt(modelId: number, at: Date): Promise<number> {
  const [{ n }] = await db().$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM model_versions v WHERE v.model_id = ${modelId} AND v.creation_time < ${until(at)})
          + (SELECT count(*) FROM history_events d
              WHERE d.object_type = 'MODEL_VERSION' AND d.action = 'DELETE' AND d.model_id = ${modelId} AND d.at >= ${until(at)}
                AND EXISTS (SELECT 1 FROM history_events c WHERE c.object_type = 'MODEL_VERSION' AND c.object_id = d.object_id
                              AND c.action = 'CREATE' AND c.at < ${until(at)})))::int AS n`;
  return n;
}
