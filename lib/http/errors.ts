import type { TAlias } from "../registry/aliases/select";
import { ERROR_CODES, RegistryError } from "../registry/errors";
import type { TWireAlias } from "../schemas/api";
import { wireAlias } from "./wire/alias";

/** The contract's error body: `{"error": {"code": <grpc>, "reason": "...", "error": "<message>"}}`. */
export type WireError = {
  error: { code: number; reason: string; error: string; fieldErrors?: Record<string, string>; currentTarget?: TWireAlias };
};

export function errorBody(err: RegistryError): WireError {
  const { grpc, reason } = ERROR_CODES[err.code];
  const fieldErrors = Object.keys(err.fieldErrors).length ? { fieldErrors: err.fieldErrors } : {};
  // A lost alias compare-and-set says who won (aliases/guards.ts).
  const currentAlias = (err.details as { currentAlias?: TAlias } | undefined)?.currentAlias;
  const currentTarget = currentAlias ? { currentTarget: wireAlias(currentAlias) } : {};
  return { error: { code: grpc, reason, error: err.message, ...fieldErrors, ...currentTarget } };
}

/**
 * The one place an error becomes an HTTP response. Registry errors carry their own
 * code and message (the domain has already turned database failures into them:
 * UNAVAILABLE is a 503); anything else is a bug, logged here and answered with a
 * generic 500, so no stack trace, SQL or file path reaches a client.
 */
export function errorResponse(err: unknown, context = ""): Response {
  if (!(err instanceof RegistryError)) {
    console.error(`[registry] unexpected error${context ? ` in ${context}` : ""}:`, err);
    return Response.json(
      { error: { code: 13, reason: "Internal", error: "Something went wrong on the server; the error was logged." } },
      { status: 500 },
    );
  }
  const headers: Record<string, string> = {};
  if (err.code === "UNAVAILABLE") headers["Retry-After"] = "5";
  if (err.code === "RATE_LIMITED") {
    headers["Retry-After"] = String((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
  }
  if (err.code === "UNAUTHENTICATED") headers["WWW-Authenticate"] = 'Bearer realm="model-registry"';
  return Response.json(errorBody(err), { status: ERROR_CODES[err.code].http, headers });
}
