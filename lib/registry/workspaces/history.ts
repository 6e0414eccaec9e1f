import "server-only";
import { diffFields, snapshot, type HistoryAction, type HistoryInput } from "../history/record-history";
import type { TWorkspace } from "./select";

const FIELDS = ["name", "archived"];
const view = (w: TWorkspace) => ({ ...w }) as unknown as Record<string, unknown>;
const ids = (w: TWorkspace) => ({ objectType: "WORKSPACE" as const, objectId: w.id, objectKey: w.name });

export function workspaceCreatedEvent(w: TWorkspace): HistoryInput {
  return { ...ids(w), action: "CREATE", changes: snapshot(view(w), ["name"], "after") };
}

export function workspaceDeletedEvent(w: TWorkspace): HistoryInput {
  return { ...ids(w), action: "DELETE", changes: snapshot(view(w), FIELDS, "before") };
}

export function workspaceChangedEvent(before: TWorkspace, after: TWorkspace, action: HistoryAction = "UPDATE"): HistoryInput {
  return { ...ids(after), action, changes: diffFields(view(before), view(after), FIELDS) };
}
