import type { TWireModel } from "../../schemas/api";
import type { TModel } from "../../registry";

/** Determined's v1Model; `revision` is ours (for If-Match), ignored by Determined's clients. */
export function wireModel(m: TModel): TWireModel {
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    metadata: m.metadata,
    creationTime: m.creationTime.toISOString(),
    lastUpdatedTime: m.lastUpdatedTime.toISOString(),
    numVersions: m.numVersions,
    labels: m.labels,
    username: m.username,
    userId: m.userId,
    workspaceId: m.workspaceId,
    archived: m.archived,
    notes: m.notes,
    revision: m.revision,
    aliases: Object.fromEntries(m.aliases.map((a) => [a.alias, a.version])),
  };
}
