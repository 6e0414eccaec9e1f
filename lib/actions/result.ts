import "server-only";
import { RegistryError, type ErrorCode } from "@/lib/registry";

export type ActionFailure = {
  ok: false;
  code: ErrorCode | "INTERNAL";
  message: string;
  fieldErrors: Record<string, string>;
  /** On CONFLICT: the object as it is now, so the user can compare before overwriting. */
  current?: unknown;
};
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** The one place a server action turns a thrown error into a result the form can show. */
export function toFailure(err: unknown): ActionFailure {
  if (err instanceof RegistryError) {
    const details = err.details as { current?: unknown } | undefined;
    return { ok: false, code: err.code, message: err.message, fieldErrors: err.fieldErrors, current: details?.current };
  }
  console.error("[action] unexpected error", err);
  return { ok: false, code: "INTERNAL", message: "Something went wrong on the server; try again.", fieldErrors: {} };
}

/** Runs the domain call, mapping failures; callers redirect/revalidate after, outside this. */
export async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    return toFailure(err);
  }
}
