import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { diffFields, recordHistory, snapshot, type HistoryAction } from "../history/record-history";
import type { TModel } from "./select";

/** The model fields history tracks (the rest are derived: counters, timestamps, revision). */
export const MODEL_FIELDS = ["name", "description", "labels", "notes", "metadata", "workspaceName", "archived"];

const view = (m: TModel) => ({ ...m }) as unknown as Record<string, unknown>;

export function recordModelCreated(tx: Prisma.TransactionClient, who: Actor, m: TModel) {
  return recordHistory(tx, who, {
    objectType: "MODEL", objectId: m.id, objectKey: m.name, modelId: m.id, action: "CREATE",
    changes: snapshot(view(m), MODEL_FIELDS.filter((f) => f !== "archived"), "after"),
  });
}

export function recordModelDeleted(tx: Prisma.TransactionClient, who: Actor, m: TModel) {
  return recordHistory(tx, who, {
    objectType: "MODEL", objectId: m.id, objectKey: m.name, modelId: m.id, action: "DELETE",
    changes: snapshot(view(m), MODEL_FIELDS, "before"),
  });
}

/** Records what differs between two reads of the model taken inside the same transaction. */
export function recordModelChanged(
  tx: Prisma.TransactionClient, who: Actor, before: TModel, after: TModel, action: HistoryAction = "UPDATE",
) {
  return recordHistory(tx, who, {
    objectType: "MODEL", objectId: after.id, objectKey: after.name, modelId: after.id, action,
    changes: diffFields(view(before), view(after), MODEL_FIELDS),
  });
}
