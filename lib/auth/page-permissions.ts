import "server-only";
import { myRoles } from "@/lib/registry";
import { currentActor } from "./current-actor";
import { permissionsFrom } from "./permissions";

/** For pages: a lookup of the current user's permissions by workspace name. */
export async function pagePermissions() {
  return permissionsFrom(await myRoles({ actor: await currentActor() }));
}
