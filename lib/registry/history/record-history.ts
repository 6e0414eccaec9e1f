import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { DEFAULT_WORKSPACE } from "../defaults";
import { DUE_CHANNEL } from "../webhooks/due-channel";
import { webhookEventType } from "../webhooks/event-types";

export type HistoryObjectType = "MODEL" | "MODEL_VERSION" | "CHECKPOINT" | "USER" | "ROLE" | "ALIAS" | "WORKSPACE";
export type HistoryAction =
  | "CREATE" | "UPDATE" | "ARCHIVE" | "UNARCHIVE" | "DELETE" | "UPLOAD" | "PASSWORD_RESET" | "ROLE_SET" | "ROLE_REMOVE"
  // What an alias names (objectType ALIAS): set where it named none, moved, removed; and its protection.
  | "SET" | "MOVE" | "REMOVE" | "PROTECT" | "UNPROTECT"
  // A checkpoint's stored files found changed by storage verify, and found intact again (decision 072).
  | "CORRUPT" | "RESTORED";

/** One changed field; an absent side means the field (or metadata key) did not exist. */
export type FieldChange = { field: string; before?: unknown; after?: unknown };

export type HistoryInput = {
  objectType: HistoryObjectType;
  objectId: string | number;
  objectKey: string;
  modelId?: number | null;
  action: HistoryAction;
  changes?: FieldChange[];
  /**
   * When it happened, if not the transaction's start (`now()`, the default). Alias changes
   * pass the time taken after their lock, so the order of their times is the order in
   * which they committed, which `?at=` replays (lib/registry/aliases/lock-alias.ts).
   */
  at?: Date;
  /**
   * The workspace and model name webhook subscriptions filter on, for an event whose model
   * row is gone by the time the change's records are written (a deleted model). Others
   * are looked up from `modelId` (or the checkpoint's experiment) by the outbox insert.
   */
  scope?: { workspaceId: number; modelName: string };
};

/** The row one event is stored as. */
function historyRow(who: Actor, e: HistoryInput): Prisma.HistoryEventCreateManyInput {
  return {
    userId: who.userId,
    username: who.username,
    objectType: e.objectType,
    objectId: String(e.objectId),
    objectKey: e.objectKey,
    modelId: e.modelId ?? null,
    action: e.action,
    changes: (e.changes ?? []) as Prisma.InputJsonArray,
    at: e.at,
  };
}

/**
 * Appends a change's events in one statement, and with them the webhook outbox: one
 * webhook_events row per event that matches an enabled subscription, naming the
 * subscriptions it matches, so an event is announced exactly when its change commits
 * (issue 13, docs/decisions/081-webhook-outbox-and-delivery.md). The delivery workers fan it
 * out to one delivery per subscription later (webhooks/fan-out-events.ts): writing those ten
 * rows here made a batch of 64 registrations insert 640 rows into five indexes inside its
 * transaction, which held the model's lock the while (decision 150).
 * Called only by writeChangeRecords (change-records.ts), with the transaction client of
 * the change the events describe. The rows travel as one jsonb parameter: Prisma's
 * createMany spends ~0.2 ms of CPU per row building and binding its parameters, which at
 * 64 rows (a batch of registrations) costs more than the rest of the transaction. With
 * no subscription the outbox part joins an empty table: no extra round trip. A
 * transaction that wrote events wakes the delivery workers at its commit (decision 082).
 */
export async function recordHistoryMany(tx: Prisma.TransactionClient, events: { who: Actor; event: HistoryInput }[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map(({ who, event }, n) => {
    const r = historyRow(who, event);
    return {
      n, user_id: r.userId, username: r.username, object_type: r.objectType, object_id: r.objectId,
      object_key: r.objectKey, model_id: r.modelId, action: r.action, changes: r.changes, at: r.at ?? null,
      wtype: webhookEventType(event.objectType, event.action),
      ws_id: event.scope?.workspaceId ?? null, model_name: event.scope?.modelName ?? null,
    };
  });
  // Ids are taken in the events' order (nextval over the ordered rows), so history lists them as recorded.
  await tx.$executeRaw`
    WITH r AS (
      SELECT nextval('history_events_id_seq') AS hid, o.*
        FROM (SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                AS x(user_id int, username text, object_type text, object_id text, object_key text, model_id int, action text,
                     changes jsonb, at timestamptz, wtype text, ws_id int, model_name text, n int)
               ORDER BY n) o
    ), h AS (
      INSERT INTO history_events (id, user_id, username, object_type, object_id, object_key, model_id, action, changes, at)
      SELECT r.hid, r.user_id, r.username, r.object_type::history_object_type, r.object_id, r.object_key, r.model_id, r.action, r.changes,
             COALESCE(r.at, now())
        FROM r ORDER BY r.hid
    ), e AS (
      SELECT r.hid, r.wtype, r.model_id, r.object_type, r.object_id,
             COALESCE(r.ws_id, m.workspace_id,
                      -- a checkpoint's workspace is its experiment's, else the default one (checkpoints/workspace.ts);
                      -- looked up by primary key, and only for checkpoint events
                      CASE WHEN r.object_type = 'CHECKPOINT' THEN COALESCE(
                        (SELECT x.workspace_id FROM checkpoints c JOIN experiments x ON x.id = c.experiment_id WHERE c.uuid = r.object_id::uuid),
                        (SELECT id FROM workspaces WHERE name = ${DEFAULT_WORKSPACE})) END) AS ws,
             COALESCE(r.model_name, m.name) AS model_name
        FROM r
        LEFT JOIN models m ON m.id = r.model_id
       WHERE r.wtype IS NOT NULL
    ), outbox AS (
      -- one row per event, naming the subscriptions it matches now (decision 150)
      INSERT INTO webhook_events (history_id, event_type, model_id, subscription_ids)
      SELECT e.hid, e.wtype, e.model_id, array_agg(s.id ORDER BY s.id)
        FROM e JOIN webhook_subscriptions s
          ON s.enabled AND e.wtype = ANY (s.event_types)
         AND (s.workspace_id IS NULL OR s.workspace_id = e.ws)
         AND (s.model_like IS NULL OR e.model_name LIKE s.model_like)
         AND (s.alias_filter IS NULL OR e.object_type <> 'ALIAS' OR split_part(e.object_id, '@', 2) = s.alias_filter)
       GROUP BY e.hid, e.wtype, e.model_id
       ORDER BY e.hid
      RETURNING 1
    )
    -- wakes the delivery workers when (and only if) this transaction commits; nothing when no row was written
    SELECT pg_notify(${DUE_CHANNEL}, '') FROM (SELECT 1 FROM outbox LIMIT 1) x`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field-by-field differences; metadata is compared key by key ("metadata.<key>"). */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) {
    if (!(f in after)) continue;
    if (f === "metadata") out.push(...diffMetadata(before.metadata as Obj, after.metadata as Obj));
    else if (!same(before[f], after[f])) out.push({ field: f, before: before[f], after: after[f] });
  }
  return out;
}

type Obj = Record<string, unknown> | null | undefined;

export function diffMetadata(before: Obj, after: Obj): FieldChange[] {
  const b = before ?? {};
  const a = after ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: FieldChange[] = [];
  for (const k of keys) {
    if (same(b[k], a[k])) continue;
    const change: FieldChange = { field: `metadata.${k}` };
    if (k in b) change.before = b[k];
    if (k in a) change.after = a[k];
    out.push(change);
  }
  return out;
}

/** A "created" or "deleted" event lists every field on one side. */
export function snapshot(row: Record<string, unknown>, fields: string[], side: "before" | "after"): FieldChange[] {
  return fields.filter((f) => row[f] !== undefined).map((f) => ({ field: f, [side]: row[f] }));
}
