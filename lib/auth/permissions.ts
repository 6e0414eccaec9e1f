import { mayDelete, type TDeleteSubject } from "@/lib/registry/auth/delete-rule";
import { REQUIRED_ROLE, hasRole } from "@/lib/registry/auth/roles";
import type { TRole } from "@/lib/schemas";

export type Permissions = {
  create: boolean; edit: boolean;
  /** Delete this model or version (the delete rule: its creator, or workspace admins); without one, anything in the workspace. */
  delete: boolean;
  /** Move models out of this workspace (they also need edit rights where they go). */
  move: boolean;
  /** Set, move and remove aliases; `protectedAliases`: also protected ones, and say which are. */
  aliases: boolean; protectedAliases: boolean;
};

/**
 * What the signed-in user may do per workspace, from their roles (read once per page,
 * not per row). Only decides which controls to show: the domain's authorize() and
 * authorizeDelete() are still the rules every mutation is held to; both read
 * REQUIRED_ROLE and the delete rule (lib/registry/auth/delete-rule.ts).
 */
export function permissionsFrom({ admin, roles, userId = 0 }: { admin: boolean; roles: Record<string, TRole>; userId?: number }) {
  return (workspace: string, subject?: TDeleteSubject): Permissions => {
    const role = admin ? "ADMIN" : roles[workspace];
    return {
      create: hasRole(role, REQUIRED_ROLE["model.create"]),
      edit: hasRole(role, REQUIRED_ROLE["model.edit"]),
      delete: subject ? mayDelete(role, userId, subject) : hasRole(role, REQUIRED_ROLE["model.delete"]),
      move: hasRole(role, REQUIRED_ROLE["model.move"]),
      aliases: hasRole(role, REQUIRED_ROLE["alias.set"]),
      protectedAliases: hasRole(role, REQUIRED_ROLE["alias.set-protected"]) && hasRole(role, REQUIRED_ROLE["alias.protect"]),
    };
  };
}

/** The workspaces the user may move a model into (edit rights there), by name; every one for administrators. */
export function moveDestinations({ admin, roles }: { admin: boolean; roles: Record<string, TRole> }, all: string[]): string[] {
  return all.filter((w) => admin || hasRole(roles[w], REQUIRED_ROLE["model.move"]));
}
