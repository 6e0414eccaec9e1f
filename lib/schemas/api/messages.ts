// The reply messages, as Determined's clients read them. The serializers in
// lib/http/wire are typed against these, the OpenAPI document shows them, and the
// HTTP tests parse every reply with them (strict: a missing field fails).
import { z } from "zod";
import { ZApiPagination } from "./common";
import { API_CHECKPOINT_STATES } from "./checkpoints";

const timestamp = z.iso.datetime({ offset: true });
const object = z.record(z.string(), z.unknown());

export const ZWireModel = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  metadata: object,
  creationTime: timestamp,
  lastUpdatedTime: timestamp,
  numVersions: z.number().int(),
  labels: z.array(z.string()),
  username: z.string(),
  userId: z.number().int(),
  workspaceId: z.number().int(),
  archived: z.boolean(),
  notes: z.string(),
  revision: z.number().int().describe("ours: send back as If-Match to refuse lost updates"),
  aliases: z.record(z.string(), z.number().int()).describe("ours: alias -> the version it names (`latest` is derived, never listed)"),
});
export type TWireModel = z.infer<typeof ZWireModel>;

const metrics = z.strictObject({ avgMetrics: object, batchMetrics: z.array(object) });

export const ZWireCheckpoint = z.strictObject({
  uuid: z.uuid(),
  taskId: z.string(),
  allocationId: z.string(),
  reportTime: timestamp,
  resources: z.record(z.string(), z.string().regex(/^\d+$/)).describe("path -> size in bytes (int64 as a string)"),
  metadata: object,
  state: z.enum(API_CHECKPOINT_STATES),
  training: z.strictObject({
    trialId: z.number().int().nullable(),
    experimentId: z.number().int().nullable(),
    experimentConfig: object.nullable(),
    hparams: object,
    trainingMetrics: metrics,
    validationMetrics: metrics,
    searcherMetric: z.number().nullable(),
  }),
  storageId: z.number().int().nullable(),
  files: z.array(z.strictObject({
    path: z.string(),
    size: z.string().regex(/^\d+$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  })).describe("ours: every stored file with its size (int64 as a string) and SHA-256 (hex; null until hashed), sorted by the UTF-8 bytes of the path"),
  manifestDigest: z.string().regex(/^sha256:[0-9a-f]{64}$/).nullable()
    .describe("ours: sha256 over the sorted (sha256, size, path) lines of `files` (docs/decisions/070); also the X-Checkpoint-Manifest-Digest header of a download"),
  verifiedTime: timestamp.nullable().describe("ours: when the stored files were last hashed and matched"),
  corrupt: z.boolean().describe("ours: storage verify found stored files changed, missing or added; downloads are refused"),
  corruptFiles: z.array(z.strictObject({ path: z.string(), problem: z.enum(["missing", "changed", "extra"]) }))
    .describe("ours: what storage verify found, when `corrupt`"),
});
export type TWireCheckpoint = z.infer<typeof ZWireCheckpoint>;

export const ZWireVersion = z.strictObject({
  id: z.number().int(),
  version: z.number().int(),
  model: ZWireModel,
  checkpoint: ZWireCheckpoint,
  name: z.string(),
  comment: z.string(),
  notes: z.string(),
  labels: z.array(z.string()),
  metadata: object,
  creationTime: timestamp,
  lastUpdatedTime: timestamp,
  username: z.string(),
  userId: z.number().int(),
  revision: z.number().int(),
  aliases: z.array(z.string()).describe("ours: the model's aliases that name this version"),
});
export type TWireVersion = z.infer<typeof ZWireVersion>;

export const ZWireUser = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  admin: z.boolean(),
  active: z.boolean(),
  remote: z.boolean(),
  agentUserGroup: z.null(),
  modifiedAt: timestamp,
  lastAuthAt: timestamp.nullable(),
});
export type TWireUser = z.infer<typeof ZWireUser>;

export const ZWireExperiment = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  labels: z.array(z.string()),
  startTime: timestamp,
  endTime: timestamp.nullable(),
  state: z.enum(["STATE_ACTIVE", "STATE_PAUSED", "STATE_COMPLETED", "STATE_CANCELED", "STATE_ERROR"]),
  archived: z.boolean(),
  numTrials: z.number().int(),
  trialIds: z.array(z.number().int()),
  displayName: z.string(),
  userId: z.number().int(),
  username: z.string(),
  resourcePool: z.string(),
  searcherType: z.string(),
  searcherMetric: z.string(),
  smallerIsBetter: z.boolean(),
  hyperparameters: object,
  notes: z.string(),
  jobId: z.string(),
  forkedFrom: z.number().int().nullable(),
  progress: z.number().nullable(),
  projectId: z.number().int(),
  projectName: z.string(),
  projectOwnerId: z.number().int(),
  workspaceId: z.number().int(),
  parentArchived: z.boolean(),
  config: object,
  originalConfig: z.string(),
  checkpointCount: z.number().int(),
  checkpointSize: z.string(),
  unmanaged: z.boolean(),
  externalExperimentId: z.string().nullable(),
  externalTrialId: z.string().nullable(),
  duration: z.number().int().nullable(),
  modelDefinitionSize: z.number().int(),
});
export type TWireExperiment = z.infer<typeof ZWireExperiment>;

/** An alias, what it names and who set it when and why (ours, issue 12). */
export const ZWireAlias = z.strictObject({
  alias: z.string(),
  version: z.number().int().nullable().describe("the version it names (null: none, after a removal)"),
  protected: z.boolean().describe("only workspace admins may set, move or remove it, with a reason"),
  protectionSetting: z.boolean().nullable().describe("this model's own setting; null follows the registry default (MREG_PROTECTED_ALIASES)"),
  setAt: timestamp.describe("when it last changed (with ?at=: when it took the value it had then)"),
  setBy: z.string(),
  reason: z.string(),
});
export type TWireAlias = z.infer<typeof ZWireAlias>;

export const ZWireError = z.strictObject({
  error: z.object({
    code: z.number().int().describe("gRPC status code"),
    reason: z.string(),
    error: z.string().describe("a human-readable message"),
    fieldErrors: z.record(z.string(), z.string()).optional(),
    currentTarget: ZWireAlias.optional().describe("on a 409 from an alias change: the alias as it is now (who won)"),
  }),
});

export const ZEmpty = z.strictObject({});

/** Every reply body, by name, for the OpenAPI document and the tests. */
/** Determined's v1Workspace; `numModels` and `createdAt` are ours. Projects do not exist here (numProjects 0). */
export const ZWireWorkspace = z.strictObject({
  id: z.number().int(),
  name: z.string(),
  archived: z.boolean(),
  username: z.string().describe("its creator; empty for the default workspace"),
  immutable: z.boolean().describe("the default workspace: never renamed, archived or deleted"),
  numProjects: z.number().int(),
  pinned: z.boolean(),
  userId: z.number().int(),
  numExperiments: z.number().int(),
  state: z.enum(["WORKSPACE_STATE_UNSPECIFIED"]),
  errorMessage: z.string(),
  agentUserGroup: z.null(),
  checkpointStorageConfig: z.null(),
  defaultComputePool: z.string(),
  defaultAuxPool: z.string(),
  numModels: z.number().int().describe("ours: models in it"),
  createdAt: timestamp.describe("ours"),
});
export type TWireWorkspace = z.infer<typeof ZWireWorkspace>;

export const replies = {
  login: z.strictObject({ token: z.string(), user: ZWireUser }),
  me: z.strictObject({ user: ZWireUser }),
  empty: ZEmpty,
  models: z.strictObject({ models: z.array(ZWireModel), pagination: ZApiPagination }),
  model: z.strictObject({ model: ZWireModel }),
  labels: z.strictObject({ labels: z.array(z.string()) }),
  versions: z.strictObject({ model: ZWireModel, modelVersions: z.array(ZWireVersion), pagination: ZApiPagination }),
  version: z.strictObject({ modelVersion: ZWireVersion }),
  experiment: z.strictObject({ experiment: ZWireExperiment, jobSummary: z.null() }),
  checkpoints: z.strictObject({ checkpoints: z.array(ZWireCheckpoint), pagination: ZApiPagination }),
  checkpoint: z.strictObject({ checkpoint: ZWireCheckpoint }),
  modelAt: z.strictObject({
    model: ZWireModel.describe("the model as it was at `at`: fields, version count and aliases then"),
    aliases: z.array(ZWireAlias),
    at: timestamp,
  }),
  aliases: z.strictObject({
    aliases: z.array(ZWireAlias).describe("the aliases that name a version (with ?at=: that named one then)"),
    protectedAliases: z.array(z.string()).describe("every alias name protected on this model, set or not"),
    at: timestamp.nullable(),
  }),
  alias: z.strictObject({
    alias: ZWireAlias,
    modelVersion: ZWireVersion.nullable().describe("the version it names (null only with ?at=, for a version deleted since)"),
    at: timestamp.nullable(),
  }),
  aliasChange: z.strictObject({
    alias: ZWireAlias,
    previousVersion: z.number().int().nullable(),
    changed: z.boolean().describe("false when it already named that version: nothing was recorded"),
  }),
  aliasProtection: z.strictObject({ alias: ZWireAlias }),
  workspaces: z.strictObject({ workspaces: z.array(ZWireWorkspace), pagination: ZApiPagination }),
  workspace: z.strictObject({ workspace: ZWireWorkspace }),
  deleteWorkspace: z.strictObject({ completed: z.boolean().describe("always true: only an empty workspace is deleted, at once") }),
  projects: z.strictObject({ projects: z.array(z.never()).describe("always empty: the registry has no projects"), pagination: ZApiPagination }),
};
