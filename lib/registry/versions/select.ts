import "server-only";
import type { Prisma } from "../../db/client";
import type { TMetadata } from "../../schemas";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "../checkpoints/select";
import { modelSelect, toModel, type TModel } from "../models/select";

export const versionSelect = {
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
  model: { select: modelSelect },
  checkpoint: { select: checkpointSelect },
} satisfies Prisma.ModelVersionSelect;

type VersionRow = Prisma.ModelVersionGetPayload<{ select: typeof versionSelect }>;

export type TModelVersion = Omit<VersionRow, "user" | "model" | "checkpoint" | "metadata"> & {
  metadata: TMetadata;
  username: string;
  model: TModel;
  checkpoint: TCheckpoint;
};

export function toVersion(row: VersionRow): TModelVersion {
  const { user, model, checkpoint, metadata, ...rest } = row;
  return {
    ...rest,
    metadata: (metadata ?? {}) as TMetadata,
    username: user.username,
    model: toModel(model),
    checkpoint: toCheckpoint(checkpoint),
  };
}
