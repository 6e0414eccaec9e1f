import type { TWireUser } from "../../schemas/api";
import type { TUser } from "../../registry/users/select";

/** Determined's v1User. */
export function wireUser(u: TUser): TWireUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    admin: u.admin,
    active: u.active,
    remote: false,
    agentUserGroup: null,
    modifiedAt: u.createdAt.toISOString(),
    lastAuthAt: null,
  };
}
