import "server-only";
import { diffFields, snapshot, type HistoryAction, type HistoryInput } from "../history/record-history";
import type { TModel } from "./select";

/** The model fields history tracks (the rest are derived: counters, timestamps, revision). */
export const MODEL_FIELDS = ["name", "description", "labels", "notes", "metadata", "workspaceName", "archived"];

const view = (m: TModel) => ({ ...m }) as unknown as Record<string, unknown>;
const ids = (m: TModel) => ({
  objectType: "MODEL" as const, objectId: m.id, objectKey: m.name, modelId: m.id,
  scope: { workspaceId: m.workspaceId, modelName: m.name },
});

export function modelCreatedEvent(m: TModel): HistoryInput {
  return { ...ids(m), action: "CREATE", changes: snapshot(view(m), MODEL_FIELDS.filter((f) => f !== "archived"), "after") };
}

export function modelDeletedEvent(m: TModel): HistoryInput {
  return { ...ids(m), action: "DELETE", changes: snapshot(view(m), MODEL_FIELDS, "before") };
}

/** What differs between two reads of the model taken inside the same transaction. */
export function modelChangedEvent(before: TModel, after: TModel, action: HistoryAction = "UPDATE"): HistoryInput {
  return { ...ids(after), action, changes: diffFields(view(before), view(after), MODEL_FIELDS) };
}
