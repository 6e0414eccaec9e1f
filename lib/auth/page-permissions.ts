import "server-only";
import { myRoles } from "@/lib/registry";
import { currentActor } from "./current-actor";
import { permissionsFrom } from "./permissions";

/** For pages: a lookup of the current user's permissions by workspace name (and, for Delete, the object's creators). */
export async function pagePermissions() {
  const actor = await currentActor();
  return permissionsFrom({ ...(await myRoles({ actor })), userId: actor.anonymous ? 0 : actor.userId });
}
