import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";

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
 * Appends a change's events in one statement. Called only by writeChangeRecords
 * (change-records.ts), with the transaction client of the change the events describe,
 * so the change and its record commit or roll back together. The rows travel as one
 * jsonb parameter: Prisma's createMany spends ~0.2 ms of CPU per row building and
 * binding its parameters, which at 64 rows (a batch of registrations) costs more than
 * the rest of the transaction.
 */
export async function recordHistoryMany(tx: Prisma.TransactionClient, events: { who: Actor; event: HistoryInput }[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map(({ who, event }) => {
    const r = historyRow(who, event);
    return {
      user_id: r.userId, username: r.username, object_type: r.objectType, object_id: r.objectId,
      object_key: r.objectKey, model_id: r.modelId, action: r.action, changes: r.changes, at: r.at ?? null,
    };
  });
  await tx.$executeRaw`
    INSERT INTO history_events (user_id, username, object_type, object_id, object_key, model_id, action, changes, at)
    SELECT r.user_id, r.username, r.object_type::history_object_type, r.object_id, r.object_key, r.model_id, r.action, r.changes,
           COALESCE(r.at, now())
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS r(user_id int, username text, object_type text, object_id text, object_key text, model_id int, action text, changes jsonb, at timestamptz)`;
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
