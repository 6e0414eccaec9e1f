/**
 * Why an archive was refused. Shared by the server (mapped to a RegistryError) and
 * the CLI (printed as is), so both sides apply one set of rules with one wording.
 */
export class ArchiveError extends Error {
  constructor(
    readonly kind: "INVALID" | "TOO_LARGE",
    message: string,
  ) {
    super(message);
    this.name = "ArchiveError";
  }
}

/**
 * Whether `err` is an ArchiveError. By name as well as by class: the production build
 * may hold this module in more than one server chunk, and an error thrown by one
 * chunk's class is not `instanceof` the other's.
 */
export function isArchiveError(err: unknown): err is ArchiveError {
  return err instanceof ArchiveError || (err instanceof Error && err.name === "ArchiveError" && "kind" in err);
}
