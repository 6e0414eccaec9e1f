// The role table: who may do what. No database and no "server-only", so the pages'
// "which controls to show" (lib/auth/permissions.ts) reads the same table the
// domain's authorize() enforces.
import { ROLES, type TRole } from "../../schemas/roles";

/** What each mutation needs in the workspace it touches (issue 5: editors edit, admins delete). */
export const REQUIRED_ROLE = {
  "model.create": "EDITOR",
  "model.edit": "EDITOR",
  "model.archive": "EDITOR",
  // Moving a model needs this in the workspace it leaves and in the one it enters (issue 16).
  "model.move": "EDITOR",
  // Deleting (issue 16, as Determined): workspace admins delete anything in it; an editor
  // deletes what they created (a model with its versions; a version of their own or of
  // their model): auth/delete-rule.ts.
  "model.delete": "ADMIN",
  "model.delete-own": "EDITOR",
  "version.register": "EDITOR",
  "version.edit": "EDITOR",
  "version.delete": "ADMIN",
  "version.delete-own": "EDITOR",
  "checkpoint.report": "EDITOR",
  "checkpoint.upload": "EDITOR",
  "checkpoint.delete": "ADMIN",
  // Aliases (issue 12): editors point aliases at versions; a protected alias (per model,
  // or the registry-wide MREG_PROTECTED_ALIASES) only admins may set, move or remove,
  // and only admins say which aliases are protected.
  "alias.set": "EDITOR",
  "alias.set-protected": "ADMIN",
  "alias.protect": "ADMIN",
  // Workspaces (issue 16): any signed-in user may create one and becomes its admin;
  // renaming, archiving and deleting it is for its admins (and administrators).
  "workspace.manage": "ADMIN",
  // Webhooks (issue 13): a workspace's admins manage its subscriptions; one for every
  // workspace is for registry administrators (webhooks/access.ts).
  "webhook.manage": "ADMIN",
} as const satisfies Record<string, TRole>;
export type TAction = keyof typeof REQUIRED_ROLE;

/** Whether a role (none: null or undefined) is at least `needed`; ROLES lists them weakest first. */
export function hasRole(role: TRole | null | undefined, needed: TRole): boolean {
  return role !== null && role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
