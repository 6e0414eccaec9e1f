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
