/** A failure the CLI reports as one line on stderr, then exits non-zero. */
export class CliError extends Error {
  /** `status`: the HTTP status of a refused request, when that is what failed. */
  constructor(message: string, readonly exitCode = 1, readonly status?: number) {
    super(message);
    this.name = "CliError";
  }
}

/** The first line of an error, without a trailing period doubling up. */
export function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split("\n").find((l) => l.trim()) ?? "unknown error").trim();
}
