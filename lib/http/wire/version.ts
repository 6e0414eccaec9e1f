import type { TWireVersion } from "../../schemas/api";
import type { TModelVersion } from "../../registry";
import { wireCheckpoint } from "./checkpoint";
import { wireModel } from "./model";

/** Determined's v1ModelVersion: the whole Model and the whole Checkpoint inside. */
export function wireVersion(v: TModelVersion): TWireVersion {
  return {
    id: v.id,
    version: v.version,
    model: wireModel(v.model),
    checkpoint: wireCheckpoint(v.checkpoint),
    name: v.name,
    comment: v.comment,
    notes: v.notes,
    labels: v.labels,
    metadata: v.metadata,
    creationTime: v.creationTime.toISOString(),
    lastUpdatedTime: v.lastUpdatedTime.toISOString(),
    username: v.username,
    userId: v.userId,
    revision: v.revision,
    aliases: v.aliases,
  };
}
