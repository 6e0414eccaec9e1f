import { ERROR_CODES, RegistryError, isConnectionError } from "../registry/errors";

/** The contract's error body: `{"error": {"code": <grpc>, "reason": "...", "error": "<message>"}}`. */
export type WireError = { error: { code: number; reason: string; error: string; fieldErrors?: Record<string, string> } };

export function errorBody(err: RegistryError): WireError {
  const { grpc, reason } = ERROR_CODES[err.code];
  const fieldErrors = Object.keys(err.fieldErrors).length ? { fieldErrors: err.fieldErrors } : {};
  return { error: { code: grpc, reason, error: err.message, ...fieldErrors } };
}

/**
 * The one place an error becomes an HTTP response. Expected failures carry their
 * own message; anything else is logged here and answered with a generic 500, so
 * no stack trace, SQL or file path reaches a client.
 */
export function errorResponse(err: unknown, context = ""): Response {
  let known: RegistryError;
  if (err instanceof RegistryError) known = err;
  else if (isConnectionError(err) || overloaded(err)) {
    known = new RegistryError("UNAVAILABLE", "The database is unavailable right now; try again in a few seconds.");
  } else {
    console.error(`[registry] unexpected error${context ? ` in ${context}` : ""}:`, err);
    return Response.json(
      { error: { code: 13, reason: "Internal", error: "Something went wrong on the server; the error was logged." } },
      { status: 500 },
    );
  }
  const headers: Record<string, string> = {};
  if (known.code === "UNAVAILABLE") headers["Retry-After"] = "5";
  if (known.code === "RATE_LIMITED") {
    headers["Retry-After"] = String((known.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
  }
  if (known.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="model-registry"';
  return Response.json(errorBody(known), { status: ERROR_CODES[known.code].http, headers });
}

// Prisma's "could not start a transaction / get a connection in time": the database
// is saturated, which a client should retry, not report as a server bug.
function overloaded(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "P2028" || code === "P2024" || code === "P1001" || code === "P1017";
}
