import "server-only";
import { diffFields, snapshot, type HistoryAction, type HistoryInput } from "../history/record-history";
import type { TModelVersion } from "./select";

export const VERSION_FIELDS = ["name", "comment", "notes", "labels", "metadata"];

/** What a version's history entry needs: a registration records it before the full version is read back. */
export type VersionFacts = Pick<TModelVersion, "version" | "name" | "comment" | "notes" | "labels" | "metadata"> & {
  model: { id: number; name: string };
  checkpoint: { uuid: string };
};

const view = (v: VersionFacts) => ({ ...v, checkpointUuid: v.checkpoint.uuid }) as unknown as Record<string, unknown>;
const ids = (v: VersionFacts) => ({
  objectType: "MODEL_VERSION" as const,
  objectId: `${v.model.id}/${v.version}`,
  objectKey: `${v.model.name} v${v.version}`,
  modelId: v.model.id,
});

/** The event a version's creation or deletion records. */
export function versionEvent(action: Extract<HistoryAction, "CREATE" | "DELETE">, v: VersionFacts): HistoryInput {
  const fields = ["checkpointUuid", ...VERSION_FIELDS];
  return { ...ids(v), action, changes: snapshot(view(v), fields, action === "CREATE" ? "after" : "before") };
}

export function versionChangedEvent(before: TModelVersion, after: TModelVersion): HistoryInput {
  return { ...ids(after), action: "UPDATE", changes: diffFields(view(before), view(after), VERSION_FIELDS) };
}
