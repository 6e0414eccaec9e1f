import "server-only";
import type { TWebhookEventType } from "../../schemas/webhook";
import type { HistoryAction, HistoryObjectType } from "../history/record-history";

const TYPES: Partial<Record<HistoryObjectType, Partial<Record<HistoryAction, TWebhookEventType>>>> = {
  // A move between workspaces is announced as an update whose changes name the workspace.
  MODEL: { CREATE: "model.created", UPDATE: "model.updated", MOVE: "model.updated", ARCHIVE: "model.archived", UNARCHIVE: "model.unarchived", DELETE: "model.deleted" },
  MODEL_VERSION: { CREATE: "version.registered", UPDATE: "version.updated", DELETE: "version.deleted" },
  CHECKPOINT: { UPLOAD: "checkpoint.uploaded" },
  ALIAS: { SET: "alias.set", MOVE: "alias.moved", REMOVE: "alias.removed" },
};

/** The webhook event a history event is announced as, or null (users, roles, alias protection: not sent). */
export function webhookEventType(objectType: HistoryObjectType, action: string): TWebhookEventType | null {
  return TYPES[objectType]?.[action as HistoryAction] ?? null;
}

/** A model-name glob (* and ?) as a LIKE pattern; the characters LIKE treats specially are escaped. */
export function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%").replace(/\?/g, "_");
}
