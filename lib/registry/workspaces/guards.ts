import "server-only";
import { RegistryError } from "../errors";
import type { TWorkspace } from "./select";

/** The default workspace is where models go unless told otherwise: it is never renamed, archived or deleted. */
export function assertMutable(w: TWorkspace, action: string): void {
  if (w.immutable) {
    throw new RegistryError("FAILED_PRECONDITION", `Workspace "${w.name}" is the default workspace and cannot be ${action}.`);
  }
}

/** An archived workspace takes no new models, created or moved in, until it is unarchived. */
export function assertAcceptsModels(w: Pick<TWorkspace, "name" | "archived">): void {
  if (w.archived) {
    throw new RegistryError("FAILED_PRECONDITION", `Workspace "${w.name}" is archived and takes no new models; unarchive it first.`);
  }
}
