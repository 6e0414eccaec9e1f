import { REQUIRED_ROLE, ROLES, type TRole } from "@/lib/registry";

export type Permissions = { create: boolean; edit: boolean; delete: boolean };

const atLeast = (role: TRole | undefined, needed: TRole) => role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(needed);

/**
 * What the signed-in user may do per workspace, from their roles (read once per page,
 * not per row). Only decides which controls to show: the domain's authorize() is
 * still the rule every mutation is held to.
 */
export function permissionsFrom({ admin, roles }: { admin: boolean; roles: Record<string, TRole> }) {
  return (workspace: string): Permissions => {
    const role = admin ? "ADMIN" : roles[workspace];
    return {
      create: atLeast(role, REQUIRED_ROLE["model.create"]),
      edit: atLeast(role, REQUIRED_ROLE["model.edit"]),
      delete: atLeast(role, REQUIRED_ROLE["model.delete"]),
    };
  };
}
