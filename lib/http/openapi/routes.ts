// Every REST route, with the schemas its handler parses and the reply it sends.
// The OpenAPI document is generated from this table; a test checks that every
// route file under app/ is in it.
import { z } from "zod";
import { ZRemoveAlias, ZSetAlias, ZSetAliasProtection } from "../../schemas/alias";
import { ZLogin } from "../../schemas/auth";
import { ZMetadataMerge } from "../../schemas/common";
import { ZHistoryQuery } from "../../schemas/history";
import { ZCheckpointFilesQuery, ZCheckpointFilesReply } from "../../schemas/checkpoint-files";
import { ZCompareQuery, ZMetricSeriesQuery } from "../../schemas/compare";
import { ZCompareReply, ZCompareSectionReply, ZMetricNamesReply, ZMetricSeriesReply } from "../../schemas/api/compare";
import { ZModelStorageReply, ZStorageUsageReply } from "../../schemas/api/storage";
import { ZCreateWebhook, ZDeliveriesQuery, ZUpdateWebhook } from "../../schemas/webhook";
import { ZWireDelivery, ZWireWebhook } from "../wire/webhook";
import {
  ZApiCheckpoint, ZAtQuery, ZGetExperimentCheckpointsQuery, ZGetModelsQuery, ZGetVersionsQuery, ZPatchModelBody,
  ZPatchVersionBody, ZPostModelBody, ZPostVersionBody, replies,
  ZApiPageQuery, ZGetWorkspacesQuery, ZMoveModelBody, ZPatchWorkspaceBody, ZPostWorkspaceBody,
} from "../../schemas/api";

export type ApiRoute = {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  public?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A JSON reply schema, or a non-JSON content type (checkpoint archives). */
  reply: z.ZodType | { contentType: string; description: string };
  etag?: boolean;
  ifMatch?: boolean;
  /** A create that accepts an Idempotency-Key header (lib/http/idempotency.ts). */
  idempotent?: boolean;
};

const ZInfo = z.object({
  version: z.string().describe("PEP 440; the Determined API version we speak"),
  master_id: z.string(), cluster_id: z.string(), cluster_name: z.string(),
  telemetry: z.object({ enabled: z.boolean(), otel_enabled: z.boolean(), otel_endpoint: z.string() }),
  sso_providers: z.null(),
}).loose();
const ZMaster = z.object({
  version: z.string(), masterId: z.string(), clusterId: z.string(), clusterName: z.string(),
  strictJobQueueControl: z.boolean(), hasCustomLogo: z.boolean(), telemetryEnabled: z.boolean(),
}).loose();
const ZHealth = z.object({
  status: z.enum(["ok", "unavailable", "stopping"]).describe("ok: serve; unavailable: a dependency failed; stopping: a graceful shutdown has begun"),
  database: z.string().describe('"ok", or "unavailable: <reason>"'),
  storage: z.string().describe('"ok", or "not writable: <reason>"'),
});
const ZHistoryPage = z.object({
  events: z.array(z.object({
    id: z.string(), time: z.iso.datetime({ offset: true }), user: z.object({ id: z.number().int(), username: z.string() }),
    objectType: z.string(), objectId: z.string(), objectKey: z.string().nullable(), action: z.string(),
    changes: z.unknown(), summary: z.string(),
  }).loose()),
  pagination: z.object({ offset: z.number().int(), limit: z.number().int(), startIndex: z.number().int(), endIndex: z.number().int(), total: z.number().int() }),
});
const archive = {
  contentType: "application/gzip",
  description: "a .tar.gz of the checkpoint's files; the header X-Checkpoint-Manifest-Digest carries the manifest digest recorded for them (docs/decisions/070). A checkpoint storage verify found corrupt is refused with 409",
};

export const apiRoutes: ApiRoute[] = [
  { method: "get", path: "/api/v1/workspaces", tag: "workspaces", summary: "List the workspaces you may read (name: exact match, as the SDK's get_workspace(name) asks)", query: ZGetWorkspacesQuery, reply: replies.workspaces },
  { method: "post", path: "/api/v1/workspaces", tag: "workspaces", summary: "Create a workspace; any signed-in user may, and becomes its owner and admin (duplicate name: 409)", body: ZPostWorkspaceBody, reply: replies.workspace },
  { method: "get", path: "/api/v1/workspaces/{workspaceId}", tag: "workspaces", summary: "Get a workspace by id (one you may not read: 404)", reply: replies.workspace },
  { method: "patch", path: "/api/v1/workspaces/{workspaceId}", tag: "workspaces", summary: "Rename a workspace (its admins, administrators; not the default workspace)", body: ZPatchWorkspaceBody, reply: replies.workspace },
  { method: "delete", path: "/api/v1/workspaces/{workspaceId}", tag: "workspaces", summary: "Delete an empty workspace (its admins, administrators); one holding models or experiments: 400 saying how many", reply: replies.deleteWorkspace },
  { method: "post", path: "/api/v1/workspaces/{workspaceId}/archive", tag: "workspaces", summary: "Archive a workspace: it takes no new models until unarchived", reply: replies.empty },
  { method: "post", path: "/api/v1/workspaces/{workspaceId}/unarchive", tag: "workspaces", summary: "Unarchive a workspace", reply: replies.empty },
  { method: "get", path: "/api/v1/workspaces/{workspaceId}/projects", tag: "workspaces", summary: "A workspace's projects, for `det workspace describe`: always none", query: ZApiPageQuery, reply: replies.projects },
  { method: "get", path: "/info", tag: "master", public: true, summary: "Cluster info (snake_case; Determined's clients read it first)", reply: ZInfo },
  { method: "get", path: "/api/v1/master", tag: "master", public: true, summary: "Master info", reply: ZMaster },
  { method: "get", path: "/api/v1/health", tag: "master", public: true, summary: "Health check for load balancers: 200 when the database answers and checkpoint storage is writable, 503 (same body) naming what failed, or while the instance is stopping", reply: ZHealth },
  { method: "get", path: "/api/v1/openapi.json", tag: "master", public: true, summary: "This document", reply: z.record(z.string(), z.unknown()) },
  { method: "post", path: "/api/v1/auth/login", tag: "auth", public: true, summary: "Log in; returns a bearer token", body: ZLogin, reply: replies.login },
  { method: "post", path: "/api/v1/auth/logout", tag: "auth", summary: "Revoke the token used for this call", reply: replies.empty },
  { method: "get", path: "/api/v1/me", tag: "auth", summary: "The calling user", reply: replies.me },
  { method: "get", path: "/api/v1/models", tag: "models", summary: "List models", query: ZGetModelsQuery, reply: replies.models },
  { method: "post", path: "/api/v1/models", tag: "models", summary: "Create a model (duplicate name: 409)", body: ZPostModelBody, reply: replies.model, idempotent: true },
  { method: "get", path: "/api/v1/models/{modelName}", tag: "models", summary: "Get a model by name or numeric id; with ?at= (ours) the model as it was at that instant: fields, version count and aliases then (reply: model, aliases, at; no ETag)", query: ZAtQuery, reply: z.union([replies.model, replies.modelAt]), etag: true },
  { method: "patch", path: "/api/v1/models/{modelName}", tag: "models", summary: "Edit a model (the body is the patch; metadata replaces the whole object)", body: ZPatchModelBody, reply: replies.model, etag: true, ifMatch: true },
  { method: "patch", path: "/api/v1/models/{modelName}/metadata", tag: "models", summary: "Merge into a model's metadata on the server: set top-level keys, remove others; concurrent merges of different keys all survive (mreg uses this; Determined's SDK PATCHes the whole object)", body: ZMetadataMerge, reply: replies.model, etag: true },
  { method: "delete", path: "/api/v1/models/{modelName}", tag: "models", summary: "Delete a model and its versions (never the checkpoints)", reply: replies.empty },
  { method: "post", path: "/api/v1/models/{modelName}/archive", tag: "models", summary: "Archive a model", reply: replies.empty },
  { method: "post", path: "/api/v1/models/{modelName}/unarchive", tag: "models", summary: "Unarchive a model", reply: replies.empty },
  { method: "post", path: "/api/v1/models/{modelName}/move", tag: "models", summary: "Ours: move a model (with its versions and aliases) to another workspace, by workspaceName or workspaceId; needs edit rights in both; recorded in its history. Determined's Model.move_to_workspace() and `det model move` PATCH workspaceName instead, under the same rule", body: ZMoveModelBody, reply: replies.model },
  { method: "get", path: "/api/v1/model/labels", tag: "models", summary: "Labels in use, most used first", reply: replies.labels },
  { method: "get", path: "/api/v1/models/{modelName}/versions", tag: "versions", summary: "List a model's versions", query: ZGetVersionsQuery, reply: replies.versions },
  { method: "post", path: "/api/v1/models/{modelName}/versions", tag: "versions", summary: "Register a checkpoint as the next version (unknown checkpoint: 404)", body: ZPostVersionBody, reply: replies.version, idempotent: true },
  { method: "get", path: "/api/v1/models/{modelName}/versions/{modelVersionNum}", tag: "versions", summary: "Get a version by number, or (ours) the version an alias names: versions/@production, versions/@latest", reply: replies.version, etag: true },
  { method: "patch", path: "/api/v1/models/{modelName}/versions/{modelVersionNum}", tag: "versions", summary: "Edit a version", body: ZPatchVersionBody, reply: replies.version, etag: true, ifMatch: true },
  { method: "patch", path: "/api/v1/models/{modelName}/versions/{modelVersionNum}/metadata", tag: "versions", summary: "Merge into a version's metadata on the server (as for models)", body: ZMetadataMerge, reply: replies.version, etag: true },
  { method: "delete", path: "/api/v1/models/{modelName}/versions/{modelVersionNum}", tag: "versions", summary: "Deregister a version (its number is never reused)", reply: replies.empty },
  { method: "get", path: "/api/v1/models/{modelName}/aliases", tag: "aliases", summary: "A model's aliases and which names are protected; with ?at= the aliases that named a version at that instant", query: ZAtQuery, reply: replies.aliases },
  { method: "get", path: "/api/v1/models/{modelName}/aliases/{alias}", tag: "aliases", summary: "What an alias names and that version (latest: the highest version number); with ?at= what it named at that instant (404: none then)", query: ZAtQuery, reply: replies.alias },
  { method: "put", path: "/api/v1/models/{modelName}/aliases/{alias}", tag: "aliases", summary: "Set or move an alias to a version. With expectedVersion (a number, or null for 'names none') a compare-and-set: 409 with error.currentTarget when someone moved it meanwhile. Protected aliases: workspace admins, reason required", body: ZSetAlias, reply: replies.aliasChange },
  { method: "delete", path: "/api/v1/models/{modelName}/aliases/{alias}", tag: "aliases", summary: "Remove an alias (optional body: expectedVersion, reason; as for PUT)", body: ZRemoveAlias, reply: replies.aliasChange },
  { method: "put", path: "/api/v1/models/{modelName}/aliases/{alias}/protection", tag: "aliases", summary: "Protect (true), unprotect (false) or return to the registry default (null) one alias of a model; workspace admins", body: ZSetAliasProtection, reply: replies.aliasProtection },
  { method: "get", path: "/api/v1/models/{modelName}/history", tag: "history", summary: "A model's edit history, its versions' events included, newest first", query: ZHistoryQuery, reply: ZHistoryPage },
  { method: "get", path: "/api/v1/models/{modelName}/versions/{modelVersionNum}/history", tag: "history", summary: "One version's edit history, newest first", query: ZHistoryQuery, reply: ZHistoryPage },
  { method: "get", path: "/api/v1/models/{modelName}/compare", tag: "compare", summary: "Compare 2 to 10 versions side by side (?versions=3,7,9; the first is the baseline): fields, metrics with change and better/worse, hyperparameters and metadata as a structural diff, notes as a text diff, files. The lists that grow with the data (structural diffs, each version's changes, files) hold at most `limit` rows (default 2000); `pages` gives each one's total and `next` cursor, and `?section=<list>&after=<next>` (with the same versions and options) returns that list's next page instead of the whole comparison; values longer than 4 KB come as a 1,000-character preview with their size. 400 for fewer than 2, more than 10, repeated or malformed numbers; 404 for an unknown model or version; 409 for a cursor from another list or from versions that changed since", query: ZCompareQuery, reply: z.union([ZCompareReply, ZCompareSectionReply]) },
  { method: "get", path: "/api/v1/models/{modelName}/metrics", tag: "compare", summary: "The numeric validation metrics the model's versions report", reply: ZMetricNamesReply },
  { method: "get", path: "/api/v1/models/{modelName}/metrics/{metric}/series", tag: "compare", summary: "A validation metric across the model's versions in version order, with each point's aliases; beyond `points` (default and max 2000) each of points/2 equal-count buckets keeps its minimum and maximum, plus the first and last version", query: ZMetricSeriesQuery, reply: ZMetricSeriesReply },
  { method: "get", path: "/api/v1/models/{modelName}/storage", tag: "storage", summary: "What the model's versions take in checkpoint storage: the files of every checkpoint they reference, each checkpoint counted once", reply: ZModelStorageReply },
  { method: "get", path: "/api/v1/storage/usage", tag: "storage", summary: "Checkpoint storage usage of the whole registry: every stored checkpoint, the part model versions reference and the part nothing references; registry administrators (403 otherwise)", reply: ZStorageUsageReply },
  { method: "get", path: "/api/v1/experiments/{experimentId}", tag: "experiments", summary: "Get an experiment", reply: replies.experiment },
  { method: "get", path: "/api/v1/experiments/{experimentId}/checkpoints", tag: "experiments", summary: "An experiment's checkpoints (SDK: list_checkpoints)", query: ZGetExperimentCheckpointsQuery, reply: replies.checkpoints },
  { method: "post", path: "/api/v1/checkpoints", tag: "checkpoints", summary: "Report a checkpoint's metadata (the body is a Checkpoint)", body: ZApiCheckpoint, reply: replies.empty, idempotent: true },
  { method: "get", path: "/api/v1/checkpoints/{checkpointUuid}", tag: "checkpoints", summary: "Get a checkpoint", reply: replies.checkpoint },
  { method: "get", path: "/models/{versionRef}/download", tag: "aliases", summary: "Download the files of the version `versionRef` names: name@alias (what it names now), name@7, or a model name (its latest version); .tar.gz, streamed; bearer token or web session", reply: archive },
  { method: "get", path: "/api/v1/checkpoints/{checkpointUuid}/files", tag: "checkpoints", summary: "A completed checkpoint's files with size and SHA-256; with presign=1, a short-lived presigned GET URL per file straight from object storage (null on local storage: download /checkpoints/{uuid}). Corrupt: 409", query: ZCheckpointFilesQuery, reply: ZCheckpointFilesReply },
  { method: "get", path: "/checkpoints/{checkpointUuid}", tag: "checkpoints", summary: "Download a checkpoint's files as .tar.gz (streamed)", reply: archive },
  { method: "put", path: "/checkpoints/{checkpointUuid}", tag: "checkpoints", summary: "Upload a checkpoint's files as .tar.gz (streamed); each file's SHA-256 is recorded as it arrives; completes the checkpoint. A completed checkpoint is immutable: 409", body: z.any().describe("application/gzip"), reply: replies.checkpoint, idempotent: true },
  { method: "get", path: "/api/v1/webhooks", tag: "webhooks", summary: "The webhook subscriptions you manage (all for registry administrators, your workspaces' for workspace admins)", reply: z.object({ webhooks: z.array(ZWireWebhook) }) },
  { method: "post", path: "/api/v1/webhooks", tag: "webhooks", summary: "Create a subscription; the signing secret (Standard Webhooks, whsec_...) is in this reply only. Without workspace: every workspace (registry administrators)", body: ZCreateWebhook, reply: z.object({ webhook: ZWireWebhook, secret: z.string() }) },
  { method: "get", path: "/api/v1/webhooks/{webhookId}", tag: "webhooks", summary: "One subscription", reply: z.object({ webhook: ZWireWebhook }) },
  { method: "patch", path: "/api/v1/webhooks/{webhookId}", tag: "webhooks", summary: "Change a subscription; enabled: true re-enables one disabled after failures. null clears a filter", body: ZUpdateWebhook, reply: z.object({ webhook: ZWireWebhook }) },
  { method: "delete", path: "/api/v1/webhooks/{webhookId}", tag: "webhooks", summary: "Delete a subscription and its delivery log", reply: replies.empty },
  { method: "post", path: "/api/v1/webhooks/{webhookId}/rotate-secret", tag: "webhooks", summary: "A new signing secret, in this reply only; the old one signs beside it (a second v1 signature) for 24 h", reply: z.object({ webhook: ZWireWebhook, secret: z.string() }) },
  { method: "post", path: "/api/v1/webhooks/{webhookId}/test", tag: "webhooks", summary: "Queue a ping event to the subscription (delivered and logged like any event)", reply: z.object({ deliveryId: z.string(), webhookId: z.string() }) },
  { method: "get", path: "/api/v1/webhooks/deliveries", tag: "webhooks", summary: "The delivery log, newest first, with every attempt (time, status, latency, first 1 KB of the answer)", query: ZDeliveriesQuery, reply: z.object({ deliveries: z.array(ZWireDelivery), total: z.number().int() }) },
  { method: "post", path: "/api/v1/webhooks/deliveries/{deliveryId}/redeliver", tag: "webhooks", summary: "Send a delivery again now, same webhook-id and body", reply: replies.empty },
];
