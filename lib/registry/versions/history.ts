import "server-only";
import type { Prisma } from "../../db/client";
import type { Actor } from "../actor";
import { diffFields, recordHistory, snapshot, type HistoryAction } from "../history/record-history";
import type { TModelVersion } from "./select";

export const VERSION_FIELDS = ["name", "comment", "notes", "labels", "metadata"];

/** What a version's history entry needs: a registration records it before the full version is read back. */
type VersionFacts = Pick<TModelVersion, "version" | "name" | "comment" | "notes" | "labels" | "metadata"> & {
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

export function recordVersionEvent(
  tx: Prisma.TransactionClient, who: Actor, action: Extract<HistoryAction, "CREATE" | "DELETE">, v: VersionFacts,
) {
  const fields = ["checkpointUuid", ...VERSION_FIELDS];
  return recordHistory(tx, who, {
    ...ids(v), action, changes: snapshot(view(v), fields, action === "CREATE" ? "after" : "before"),
  });
}

export function recordVersionChanged(tx: Prisma.TransactionClient, who: Actor, before: TModelVersion, after: TModelVersion) {
  return recordHistory(tx, who, { ...ids(after), action: "UPDATE", changes: diffFields(view(before), view(after), VERSION_FIELDS) });
}
