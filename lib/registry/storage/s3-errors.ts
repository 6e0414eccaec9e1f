import "server-only";
import { RegistryError } from "../errors";

const CREDENTIAL_ERRORS = new Set([
  "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken",
  "TokenRefreshRequired", "CredentialsProviderError", "InvalidClientTokenId", "AuthorizationHeaderMalformed",
]);

/** Where the credentials come from, named in every message about them (the AWS SDK's standard chain). */
export const CREDENTIAL_VARIABLES = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE";

type AwsLikeError = Error & { name: string; code?: string; $metadata?: { httpStatusCode?: number }; Code?: string };

/** The error's own name, however the SDK or Node spelled it. */
export function s3ErrorName(err: unknown): string {
  const e = err as AwsLikeError;
  return e?.Code ?? (e?.name && e.name !== "Error" ? e.name : undefined) ?? e?.code ?? "Error";
}

const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "TimeoutError", "AbortError"]);

function networkCode(err: unknown): string | undefined {
  for (let e = err as (AwsLikeError & { cause?: unknown }) | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code && networkCodes.has(e.code)) return e.code;
    if (e.name && networkCodes.has(e.name)) return e.name;
    if ((e as unknown as { errors?: unknown[] }).errors?.length) return networkCode((e as unknown as { errors: unknown[] }).errors[0]);
  }
  return undefined;
}

/**
 * One line for a failed call to object storage, naming what to fix: the AWS credential
 * variables when the identity was refused, the bucket when it is missing, the endpoint
 * when it does not answer. A RegistryError UNAVAILABLE (503), which the client may retry.
 */
export function describeS3Error(err: unknown, where: { location: string; endpoint?: string }, doing: string): RegistryError {
  if (err instanceof RegistryError) return err;
  const name = s3ErrorName(err);
  const first = String((err as Error)?.message ?? err).split("\n")[0].slice(0, 200);
  // A HEAD request's 403 has no body to name the reason: refused is refused.
  const status = (err as AwsLikeError)?.$metadata?.httpStatusCode;
  if (CREDENTIAL_ERRORS.has(name) || /credential/i.test(name) || status === 403) {
    // The fix first: a health check or a log may show only the start of the line.
    return new RegistryError("UNAVAILABLE",
      `Object storage ${where.location} refused this server's credentials (${name}): set ${CREDENTIAL_VARIABLES}, for an identity that may read and write the bucket (while ${doing}: ${first}).`);
  }
  if (name === "NoSuchBucket") {
    return new RegistryError("UNAVAILABLE", `Object storage ${where.location}: the bucket does not exist (while ${doing}); create it or fix MREG_STORAGE_URL.`);
  }
  const net = networkCode(err);
  if (net) {
    return new RegistryError("UNAVAILABLE",
      `Object storage ${where.location}${where.endpoint ? ` at ${where.endpoint}` : ""} did not answer while ${doing} (${net}); check that it is running and MREG_S3_ENDPOINT.`);
  }
  return new RegistryError("UNAVAILABLE", `Object storage ${where.location} failed while ${doing} (${name}: ${first}).`);
}
