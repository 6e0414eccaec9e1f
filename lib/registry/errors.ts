import { z } from "zod";

export const ERROR_CODES = {
  INVALID: { http: 400, grpc: 3, reason: "InvalidArgument" },
  FAILED_PRECONDITION: { http: 400, grpc: 9, reason: "FailedPrecondition" },
  UNAUTHENTICATED: { http: 401, grpc: 16, reason: "Unauthenticated" },
  FORBIDDEN: { http: 403, grpc: 7, reason: "PermissionDenied" },
  NOT_FOUND: { http: 404, grpc: 5, reason: "NotFound" },
  ALREADY_EXISTS: { http: 409, grpc: 6, reason: "AlreadyExists" },
  CONFLICT: { http: 409, grpc: 10, reason: "Aborted" },
  TOO_LARGE: { http: 413, grpc: 8, reason: "ResourceExhausted" },
  // Well-formed but not acceptable as sent: an Idempotency-Key reused for a different request.
  UNPROCESSABLE: { http: 422, grpc: 3, reason: "InvalidArgument" },
  RATE_LIMITED: { http: 429, grpc: 8, reason: "ResourceExhausted" },
  UNAVAILABLE: { http: 503, grpc: 14, reason: "Unavailable" },
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** The one error type of the domain. Adapters map `code` to a status in one place. */
export class RegistryError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors: Record<string, string> = {},
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

export const notFound = (what: string) => new RegistryError("NOT_FOUND", `${what} not found.`);

/** Parses input with a shared schema; a failure is INVALID with per-field messages. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_";
    fieldErrors[key] ??= issue.message;
  }
  const summary = Object.entries(fieldErrors)
    .map(([k, m]) => (k === "_" ? m : `${k}: ${m}`))
    .join("; ");
  throw new RegistryError("INVALID", summary, fieldErrors);
}

type PrismaLikeError = { code?: string; meta?: Record<string, unknown>; message?: string };

/**
 * Translates database errors at the domain edge so no adapter ever sees a Prisma
 * or driver error: every write passes through write() and every other exported
 * function through edge(), which both call this. Anything unrecognised is re-thrown
 * unchanged (a 500 plus a log line).
 */
export function translateDbError(err: unknown, context: { unique?: string; foreignKey?: string } = {}): never {
  if (err instanceof RegistryError) throw err;
  const e = err as PrismaLikeError & { cause?: PrismaLikeError & { originalCode?: string } };
  // A raw statement's failure (P2010) carries the driver's error, with PostgreSQL's own code.
  const raw = e?.code === "P2010" ? (e.meta?.driverAdapterError as { cause?: { originalCode?: string } } | undefined)?.cause?.originalCode : undefined;
  const code = raw ?? e?.code ?? e?.cause?.originalCode;
  if (code === "P2002" || code === "23505") throw new RegistryError("ALREADY_EXISTS", context.unique ?? "It already exists.");
  if (code === "P2003" || code === "23503") throw new RegistryError("NOT_FOUND", context.foreignKey ?? "A referenced object does not exist.");
  if (code === "P2025") throw new RegistryError("NOT_FOUND", "Not found.");
  if (isConnectionError(err) || isOverloaded(err)) throw unavailable();
  throw err;
}

export const DATABASE_UNAVAILABLE = "The database is unavailable right now; try again in a few seconds.";
const unavailable = () => new RegistryError("UNAVAILABLE", DATABASE_UNAVAILABLE);

// Prisma's "could not start a transaction / get a connection in time" and "cannot reach
// the server": the database is saturated or away, which a client should retry, not
// report as a server bug.
function isOverloaded(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "P2028" || code === "P2024" || code === "P1001" || code === "P1017";
}

export function isConnectionError(err: unknown): boolean {
  const text = String((err as Error)?.message ?? "") + String((err as { code?: string })?.code ?? "");
  return /ECONNREFUSED|ECONNRESET|terminating connection|Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|57P01|57P03|08006|08001|Can't reach database|DatabaseNotReachable|the database system is (starting up|shutting down)/i.test(text);
}
