import { REQUIRED_ROLE, hasRole } from "@/lib/registry/auth/roles";
import type { TRole } from "@/lib/schemas";

export type Permissions = {
  create: boolean; edit: boolean; delete: boolean;
  /** Set, move and remove aliases; `protectedAliases`: also protected ones, and say which are. */
  aliases: boolean; protectedAliases: boolean;
};

/**
 * What the signed-in user may do per workspace, from their roles (read once per page,
 * not per row). Only decides which controls to show: the domain's authorize() is
 * still the rule every mutation is held to; both read REQUIRED_ROLE.
 */
export function permissionsFrom({ admin, roles }: { admin: boolean; roles: Record<string, TRole> }) {
  return (workspace: string): Permissions => {
    const role = admin ? "ADMIN" : roles[workspace];
    return {
      create: hasRole(role, REQUIRED_ROLE["model.create"]),
      edit: hasRole(role, REQUIRED_ROLE["model.edit"]),
      delete: hasRole(role, REQUIRED_ROLE["model.delete"]),
      aliases: hasRole(role, REQUIRED_ROLE["alias.set"]),
      protectedAliases: hasRole(role, REQUIRED_ROLE["alias.set-protected"]) && hasRole(role, REQUIRED_ROLE["alias.protect"]),
    };
  };
}
