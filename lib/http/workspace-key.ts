import { RegistryError } from "../registry/errors";

/** `{workspaceId}` in a path: Determined's clients always send the numeric id. */
export function workspaceKey(segment: string): number {
  const id = Number(segment);
  if (!/^\d+$/.test(segment) || !Number.isSafeInteger(id) || id < 1) {
    throw new RegistryError("INVALID", `"${segment}" is not a workspace id (a positive whole number).`);
  }
  return id;
}
