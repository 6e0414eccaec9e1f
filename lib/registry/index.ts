// The registry's domain core: every rule and every database call lives below here.
// Every function exported here either changes something, takes a required actor and
// goes through write() (write.ts), or is wrapped in edge() (edge.ts): either way a
// database error leaves as a RegistryError. tests/registry/actor-required.test.ts
// checks that every mutation here refuses a call without an actor.
export * from "./errors";
export { ANONYMOUS, systemActor, signedIn, type Actor } from "./actor";
export { ensureDefaults, DEFAULT_WORKSPACE, ADMIN_USERNAME } from "./defaults";
export type { TModel, TModelAlias } from "./models/select";
export { createModel } from "./models/create-model";
export { getModel } from "./models/get-model";
export { listModels, listModelLabels, escapeLike, type ModelPage } from "./models/list-models";
export { updateModel } from "./models/update-model";
export { mergeModelMetadata } from "./models/merge-model-metadata";
export { archiveModel, unarchiveModel } from "./models/archive-model";
export { deleteModel } from "./models/delete-model";
export { moveModel } from "./models/move-model";
export { readableModel, assertCanRead } from "./models/readable-model";
export type { TModelVersion } from "./versions/select";
export { registerVersion } from "./versions/register-version";
export { getVersion } from "./versions/get-version";
export { listVersions, type VersionPage } from "./versions/list-versions";
export { updateVersion } from "./versions/update-version";
export { mergeVersionMetadata } from "./versions/merge-version-metadata";
export { deleteVersion } from "./versions/delete-version";
export type { TAlias } from "./aliases/select";
export { setAlias, type TAliasChange } from "./aliases/set-alias";
export { removeAlias } from "./aliases/remove-alias";
export { setAliasProtection } from "./aliases/set-alias-protection";
export { listAliases, listAliasNamesInUse, type TAliasList } from "./aliases/list-aliases";
export { getAlias, type TResolvedAlias } from "./aliases/get-alias";
export { getModelAt, type TModelAt } from "./aliases/get-model-at";
export { resolveVersionRef, type TVersionRef } from "./aliases/resolve-version-ref";
export { aliasTimeline, type TAliasTimeline, type TAliasSegment } from "./aliases/alias-timeline";
export { registryProtectedAliases } from "./aliases/protection";
export type { AliasAt } from "./aliases/at-queries";
export type { TCheckpoint } from "./checkpoints/select";
export { reportCheckpoint } from "./checkpoints/report-checkpoint";
export { getCheckpoint, listCheckpointVersions } from "./checkpoints/get-checkpoint";
export { listCheckpoints, type CheckpointPage } from "./checkpoints/list-checkpoints";
export { saveCheckpointFiles } from "./checkpoints/save-checkpoint-files";
export { deleteCheckpoint } from "./checkpoints/delete-checkpoint";
export { storeCheckpointArchive } from "./checkpoints/store-checkpoint-archive";
export { openCheckpointDownload, streamCheckpointArchive, type CheckpointDownload } from "./checkpoints/stream-checkpoint-archive";
export { storageRoot, checkpointDir, cleanupTemporaryFiles, computeResources } from "./checkpoints/storage";
export { getExperiment, listExperiments, listTrials, type TExperiment } from "./experiments/experiments";
export { listExperimentMetricNames } from "./experiments/list-metric-names";
export { listHistory, listModelHistory, listVersionHistory, type THistoryEvent, type HistoryPage } from "./history/list-history";
export type { TListHistory } from "../schemas/history";
export type { FieldChange, HistoryAction, HistoryObjectType } from "./history/record-history";
export { summarize as summarizeHistoryEvent } from "./history/summarize";
export type { TUser } from "./users/select";
export { login } from "./users/login";
export { verifyToken } from "./users/verify-token";
export { logout } from "./users/logout";
export { getUser } from "./users/get-user";
export { clientHash, CLIENT_SALT } from "./users/password";
export { REQUIRED_ROLE, hasRole, type TAction } from "./auth/roles";
export { ROLES, type TRole } from "../schemas/roles";
export { getWorkspace } from "./workspaces/get-workspace";
export type { TWorkspace } from "./workspaces/select";
export { createWorkspace } from "./workspaces/create-workspace";
export { renameWorkspace } from "./workspaces/rename-workspace";
export { archiveWorkspace, unarchiveWorkspace } from "./workspaces/archive-workspace";
export { deleteWorkspace } from "./workspaces/delete-workspace";
export { listWorkspaces, readWorkspace } from "./workspaces/list-workspaces";
export { readScope, type TReadScope } from "./workspaces/read-scope";
export { mayDelete, deleteRuleText, type TDeleteSubject } from "./auth/delete-rule";
export { setWorkspaceRole, type TRoleAssignment } from "./workspaces/set-workspace-role";
export type { TSetRole } from "../schemas/roles";
export { listWorkspaceRoles } from "./workspaces/list-workspace-roles";
export { listWorkspaceNames } from "./workspaces/list-workspace-names";
export { myRoles } from "./workspaces/my-roles";
export { listUsers, type TUserWithRoles } from "./users/list-users";
export { createUser } from "./users/create-user";
export { resetPassword } from "./users/reset-password";
export { createApiToken } from "./users/create-api-token";
export { listTokens, type TTokenInfo } from "./users/list-tokens";
export { revokeToken } from "./users/revoke-token";
export { assertSignInAllowed } from "./users/rate-limit";
export { backfillDigests, startDigestBackfill, type BackfillResult } from "./integrity/backfill-digests";
export {
  latestStorageVerification, startStorageVerification, type TStorageProblem, type TStorageVerification,
} from "./integrity/storage-verification-runs";
export {
  runStorageVerification, startStorageVerificationInBackground, verifyStorage, type VerifyProgress,
} from "./integrity/verify-storage";
export type { IdempotencyClaim, IdempotentReply, IdempotentResource } from "./idempotency/claim";
export { isKeyTaken } from "./idempotency/claim";
export { findIdempotentReply } from "./idempotency/find-idempotent-reply";
export { saveIdempotentReply } from "./idempotency/save-idempotent-reply";
export { sweepIdempotencyKeys } from "./idempotency/sweep-idempotency-keys";
