import type { FieldChange, HistoryAction, HistoryObjectType } from "./record-history";

const noun: Record<HistoryObjectType, string> = {
  MODEL: "model", MODEL_VERSION: "version", CHECKPOINT: "checkpoint", USER: "user", ROLE: "role of", ALIAS: "alias", WORKSPACE: "workspace",
};

const fieldName = (f: string) =>
  f.startsWith("metadata.") ? `metadata key \`${f.slice("metadata.".length)}\`` : f.replace(/([A-Z])/g, " $1").toLowerCase();

const verbOf = (c: FieldChange) => (!("before" in c) ? "added" : !("after" in c) ? "removed" : "changed");

/** "changed description and notes, added metadata key `x`": one clause per verb, in order of appearance. */
function describeChanges(changes: FieldChange[]): string[] {
  const groups = new Map<string, string[]>();
  for (const c of changes) groups.set(verbOf(c), [...(groups.get(verbOf(c)) ?? []), fieldName(c.field)]);
  return [...groups].map(([verb, fields]) => `${verb} ${joinList(fields)}`);
}

function joinList(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** An alias event: "alice moved alias `production` from version 6 to version 7: \"canary looked good\"". */
function summarizeAlias(e: { username: string; objectId: string; action: HistoryAction; changes: FieldChange[] }): string {
  const alias = `alias \`${e.objectId.slice(e.objectId.indexOf("@") + 1)}\``;
  const field = (name: string) => e.changes.find((c) => c.field === name);
  const version = field("version");
  const reason = field("reason")?.after;
  const why = typeof reason === "string" && reason ? `: "${reason}"` : "";
  const protection = (v: unknown) => (v === null || v === undefined ? "the registry default" : v ? "protected" : "unprotected");
  switch (e.action) {
    case "SET": return `${e.username} set ${alias} to version ${version?.after}${why}`;
    case "MOVE": return `${e.username} moved ${alias} from version ${version?.before} to version ${version?.after}${why}`;
    case "REMOVE": return `${e.username} removed ${alias} (it named version ${version?.before})${why}`;
    case "PROTECT": case "UNPROTECT": {
      const p = field("protected");
      return `${e.username} ${e.action === "PROTECT" ? "protected" : "unprotected"} ${alias} (${protection(p?.before)} → ${protection(p?.after)})${why}`;
    }
    default: return `${e.username} changed ${alias}`;
  }
}

/** The one-line, human summary shown in History tabs: "alice changed metadata key `dataset_url`". */
export function summarize(e: { username: string; objectType: HistoryObjectType; objectId: string; objectKey: string; action: HistoryAction; changes: FieldChange[] }): string {
  // Read on the model's own page: a model is "the model", a version "version 3".
  if (e.objectType === "ALIAS") return summarizeAlias(e);
  const what = e.objectType === "MODEL" ? "the model"
    : e.objectType === "MODEL_VERSION" ? `version ${e.objectId.split("/")[1]}`
    : `${noun[e.objectType]} ${e.objectKey}`;
  switch (e.action) {
    case "CREATE": return `${e.username} ${e.objectType === "MODEL_VERSION" ? "registered" : "created"} ${what}`;
    case "DELETE": return `${e.username} deleted ${what}`;
    case "ARCHIVE": return `${e.username} archived ${what}`;
    case "UNARCHIVE": return `${e.username} unarchived ${what}`;
    case "UPLOAD": return `${e.username} uploaded the files of ${what}`;
    case "CORRUPT": return `${e.username} found the stored files of ${what} corrupt`;
    case "RESTORED": return `${e.username} found the stored files of ${what} intact again`;
    case "ROLE_SET": return `${e.username} set the ${what} to ${String(e.changes[0]?.after ?? "").toLowerCase()}`;
    case "ROLE_REMOVE": return `${e.username} removed the ${what}`;
    case "PASSWORD_RESET": return `${e.username} reset the password of ${what}`;
    case "MOVE": {
      const ws = e.changes.find((c) => c.field === "workspaceName");
      return ws ? `${e.username} moved ${what} from workspace ${String(ws.before)} to ${String(ws.after)}` : `${e.username} moved ${what}`;
    }
    case "UPDATE": {
      const parts = describeChanges(e.changes);
      if (!parts.length) return `${e.username} saved ${what} without changes`;
      // On a model's page its own edits read "alice changed notes"; others name their object.
      return e.objectType === "MODEL" ? `${e.username} ${parts.join(", ")}` : `${e.username} edited ${what}: ${parts.join(", ")}`;
    }
    default: return `${e.username} changed ${what}`;
  }
}
