import "server-only";
import type { Prisma } from "../../db/client";
import type { TMetadata } from "../../schemas";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "../checkpoints/select";
import { modelSelect, toModel, type TModel } from "../models/select";

/** A version's own columns and the rows it points at, except its model (shared by a page). */
export const versionRowSelect = {
  id: true,
  version: true,
  name: true,
  comment: true,
  notes: true,
  labels: true,
  metadata: true,
  revision: true,
  creationTime: true,
  lastUpdatedTime: true,
  userId: true,
  user: { select: { username: true } },
  checkpoint: { select: checkpointSelect },
  // The model's aliases that name this version.
  aliases: { select: { alias: true }, orderBy: { alias: "asc" } },
} satisfies Prisma.ModelVersionSelect;

export const versionSelect = { ...versionRowSelect, model: { select: modelSelect } } satisfies Prisma.ModelVersionSelect;

type VersionRow = Prisma.ModelVersionGetPayload<{ select: typeof versionSelect }>;
type VersionOwnRow = Prisma.ModelVersionGetPayload<{ select: typeof versionRowSelect }>;

export type TModelVersion = Omit<VersionRow, "user" | "model" | "checkpoint" | "metadata" | "aliases"> & {
  metadata: TMetadata;
  /** The names of the aliases that name this version, sorted. */
  aliases: string[];
  username: string;
  model: TModel;
  checkpoint: TCheckpoint;
};

export function toVersion(row: VersionRow): TModelVersion {
  const { user, model, checkpoint, metadata, aliases, ...rest } = row;
  return {
    ...rest,
    aliases: aliases.map((a) => a.alias),
    metadata: (metadata ?? {}) as TMetadata,
    username: user.username,
    model: toModel(model),
    checkpoint: toCheckpoint(checkpoint),
  };
}

/** A row read without its model, given the model it belongs to (read once for a whole page). */
export function toVersionOf(row: VersionOwnRow, model: TModel): TModelVersion {
  const { user, checkpoint, metadata, aliases, ...rest } = row;
  return {
    ...rest,
    aliases: aliases.map((a) => a.alias),
    metadata: (metadata ?? {}) as TMetadata,
    username: user.username,
    model,
    checkpoint: toCheckpoint(checkpoint),
  };
}
