import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";

export type HistoryObjectType = "MODEL" | "MODEL_VERSION" | "CHECKPOINT" | "USER" | "ROLE";
export type HistoryAction =
  | "CREATE" | "UPDATE" | "ARCHIVE" | "UNARCHIVE" | "DELETE" | "UPLOAD" | "PASSWORD_RESET" | "ROLE_SET" | "ROLE_REMOVE";

/** One changed field; an absent side means the field (or metadata key) did not exist. */
export type FieldChange = { field: string; before?: unknown; after?: unknown };

export type HistoryInput = {
  objectType: HistoryObjectType;
  objectId: string | number;
  objectKey: string;
  modelId?: number | null;
  action: HistoryAction;
  changes?: FieldChange[];
};

/**
 * Appends one event. Always called with the transaction client of the change it
 * describes, so the change and its record commit or roll back together.
 */
export async function recordHistory(tx: Prisma.TransactionClient, who: Actor, e: HistoryInput): Promise<void> {
  await tx.historyEvent.create({
    data: {
      userId: who.userId,
      username: who.username,
      objectType: e.objectType,
      objectId: String(e.objectId),
      objectKey: e.objectKey,
      modelId: e.modelId ?? null,
      action: e.action,
      changes: (e.changes ?? []) as Prisma.InputJsonArray,
    },
  });
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
