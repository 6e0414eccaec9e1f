import { limits } from "../schemas/limits";
import { RegistryError } from "../registry/errors";

const tooLarge = () =>
  new RegistryError("TOO_LARGE", `The request body is larger than ${limits.bodyBytes} bytes (MREG_MAX_BODY_BYTES).`);

/** Reads the raw body, refusing it as soon as it passes the size limit (never buffers more). */
async function readText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // fatal: bytes that are not UTF-8 are refused, not silently replaced with U+FFFD.
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RegistryError("INVALID", "The request body is not valid UTF-8.");
  }
}

/**
 * Determined's clients send JSON without a Content-Type and write unset fields as
 * explicit `null`; both are accepted. Top-level nulls are dropped (absent), nested
 * ones are kept because inside metadata a null is a real value.
 */
export async function readJsonBody(
  req: Request, maxBytes = limits.bodyBytes, opts: { keepNulls?: boolean } = {},
): Promise<Record<string, unknown>> {
  const text = await readText(req, maxBytes);
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new RegistryError("INVALID", `The request body is not valid JSON: ${(err as Error).message}`);
  }
  if (value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new RegistryError("INVALID", "The request body must be a JSON object.");
  }
  return opts.keepNulls ? (value as Record<string, unknown>) : dropNulls(value as Record<string, unknown>);
}

export function dropNulls<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null)) as Partial<T>;
}
