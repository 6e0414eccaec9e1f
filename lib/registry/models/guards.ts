import { RegistryError } from "../errors";

export function assertNotArchived(model: { name: string; archived: boolean }, action = "edited"): void {
  if (model.archived) {
    throw new RegistryError(
      "FAILED_PRECONDITION",
      `Model "${model.name}" is archived and cannot be ${action}; unarchive it first.`,
    );
  }
}

export function assertRevision(current: number, expected: number | undefined, what: string): void {
  if (expected !== undefined && expected !== current) {
    throw new RegistryError(
      "CONFLICT",
      `${what} was changed by someone else since you loaded it (your revision ${expected}, now ${current}). Reload to see their changes.`,
      {},
      { currentRevision: current },
    );
  }
}

/**
 * A conditional write matched no row: someone saved since `expected`. Carries the
 * object as it is now so an editor can show the other person's value beside its own.
 */
export function conflictWith(current: { revision: number }, expected: number | undefined, what: string): RegistryError {
  return new RegistryError(
    "CONFLICT",
    `${what} was changed by someone else since you loaded it (your revision ${expected}, now ${current.revision}). Reload to see their changes.`,
    {},
    { currentRevision: current.revision, current },
  );
}
