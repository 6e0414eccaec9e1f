import "server-only";
import type { FieldChange, HistoryAction, HistoryInput } from "../history/record-history";

type Model = { id: number; name: string };

/**
 * The history event of an alias change (object type ALIAS, id "<modelId>@<alias>", under
 * its model so the model's History lists it). `changes` always starts with the version
 * it named before and after (absent side: it named none), which `?at=` reads back, then
 * the reason when one was given. Webhooks (issue 13) read the same rows: SET, MOVE and
 * REMOVE say what happened to the alias; PROTECT and UNPROTECT change only who may.
 */
export function aliasEvent(e: {
  model: Model; alias: string; before: number | null; after: number | null; reason: string; at: Date;
}): HistoryInput {
  const action: HistoryAction = e.before === null ? "SET" : e.after === null ? "REMOVE" : "MOVE";
  const version: FieldChange = { field: "version" };
  if (e.before !== null) version.before = e.before;
  if (e.after !== null) version.after = e.after;
  return { ...ids(e.model, e.alias), action, at: e.at, changes: [version, ...reason(e.reason)] };
}

/** A change of who may move an alias; `null` is "the registry default". */
export function aliasProtectionEvent(e: {
  model: Model; alias: string; before: boolean | null; after: boolean | null; effective: boolean; reason: string; at: Date;
}): HistoryInput {
  return {
    ...ids(e.model, e.alias), action: e.effective ? "PROTECT" : "UNPROTECT", at: e.at,
    changes: [{ field: "protected", before: e.before, after: e.after }, ...reason(e.reason)],
  };
}

const ids = (m: Model, alias: string) => ({
  objectType: "ALIAS" as const, objectId: `${m.id}@${alias}`, objectKey: `${m.name}@${alias}`, modelId: m.id,
});
const reason = (r: string): FieldChange[] => (r ? [{ field: "reason", after: r }] : []);
