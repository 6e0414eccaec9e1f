import crypto from "node:crypto";
import { Transform, type Readable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Actor } from "../registry/actor";
import { RegistryError } from "../registry/errors";
import {
  findIdempotentReply, isKeyTaken, saveIdempotentReply,
  type IdempotencyClaim, type IdempotentReply, type IdempotentResource,
} from "../registry";
import { ZIdempotencyKey } from "../schemas/idempotency";
import { ok } from "./route";

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";

/** The request's Idempotency-Key; undefined when it sends none (Determined's clients never do). */
export function idempotencyKeyOf(req: Request): string | undefined {
  const raw = req.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (raw === null) return undefined;
  const parsed = ZIdempotencyKey.safeParse(raw);
  if (!parsed.success) throw new RegistryError("INVALID", parsed.error.issues[0].message, { [IDEMPOTENCY_KEY_HEADER]: parsed.error.issues[0].message });
  return parsed.data;
}

/** JSON with object keys sorted, so a retry that orders its fields differently is the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const start = (req: Request) => crypto.createHash("sha256").update(`${req.method}\n${new URL(req.url).pathname}\n`);

/** A JSON body's hash: method, path and the body as parsed (top-level nulls already dropped). */
export const jsonBodyHash = (req: Request, body: unknown): string => start(req).update(canonical(body)).digest("hex");

/**
 * A streamed body (a checkpoint upload) passed through a hash: `hash()` resolves once
 * the body has been read to its end, reading the rest itself if the create did not
 * (a replay reads it only to compare).
 */
export function hashedBody(req: Request, body: Readable): { body: Readable; hash: () => Promise<string> } {
  const hasher = start(req);
  const through = new Transform({ transform(chunk: Buffer, _enc, done) { hasher.update(chunk); done(null, chunk); } });
  // Errors reach whoever reads (the extractor, or hash()); never an unhandled 'error' event.
  through.on("error", () => {});
  body.on("error", (err) => through.destroy(err));
  body.pipe(through);
  let digest: Promise<string> | undefined;
  const hash = () => (digest ??= (async () => {
    if (!through.readableEnded) {
      through.resume();
      // Stopped early (the client went away, or the upload was refused before it was read).
      await finished(through).catch((err: Error) => {
        throw new RegistryError("INVALID", `The request body could not be read to its end (${err.message}); send the request again.`);
      });
    }
    return hasher.digest("hex");
  })());
  return { body: through, hash };
}

type Reply = object;

type Replay = { actor: Actor; claim: IdempotencyClaim; rebuild: (made: IdempotentResource) => Promise<Reply> };

async function replay(found: IdempotentReply, { actor, claim, rebuild }: Replay): Promise<Response> {
  let body = found.response as Reply | null;
  if (found.status === null || body === null) {
    body = await rebuild(found.resource);
    // Stored, so every later retry gets this same answer (its links name this request's origin).
    await store(actor, claim, body);
  }
  return Response.json(body, { status: found.status ?? 200, headers: { "Cache-Control": "no-store", [REPLAYED_HEADER]: "true" } });
}

/** Not storing an answer costs only a rebuilt answer on a later retry: it never fails the request. */
async function store(actor: Actor, claim: IdempotencyClaim, reply: Reply): Promise<void> {
  await saveIdempotentReply({ actor, claim, status: 200, response: reply }).catch((err) => {
    console.error(`[registry] could not store the answer of Idempotency-Key ${JSON.stringify(claim.key)} (a retry rebuilds it):`, (err as Error).message);
  });
}

/**
 * Test-only (off unless set; never set it in production): an instance whose
 * MREG_TEST_CRASH_AFTER_COMMIT equals a request's Idempotency-Key kills itself right
 * after that create committed and before its answer is stored or sent, the "lost
 * answer" tests/multi/two-instances.test.ts retries on another instance.
 */
function crashHookAfterCommit(key: string): void {
  if (process.env.MREG_TEST_CRASH_AFTER_COMMIT && process.env.MREG_TEST_CRASH_AFTER_COMMIT === key) process.kill(process.pid, "SIGKILL");
}

/**
 * Runs a create as an idempotent write (docs/decisions/035-idempotency-keys.md).
 * Without an Idempotency-Key header it is just `create()`. With one: a key this user
 * already used for the same request within 24 hours answers with that request's
 * reply (and `Idempotent-Replayed: true`) without creating anything; for another
 * request, 422. A new key is handed to `create`, which commits the key's row in the
 * create's own transaction; if another request with the key committed first, this
 * one's transaction rolled back and it answers with that one's reply. `rebuild`
 * makes the reply from what was created, for a key whose first answer was never
 * stored (its server died right after the commit).
 */
export async function idempotent(
  { req, actor, ...sent }: { req: Request; actor: Actor } & ({ body: unknown } | { bodyHash: () => Promise<string> }),
  create: (idempotency: IdempotencyClaim | undefined) => Promise<Reply>,
  rebuild: (made: IdempotentResource) => Promise<Reply>,
): Promise<Response | Reply> {
  const key = idempotencyKeyOf(req);
  if (key === undefined) return create(undefined);
  const claim: IdempotencyClaim = {
    key, method: req.method, path: new URL(req.url).pathname,
    requestHash: "bodyHash" in sent ? sent.bodyHash : jsonBodyHash(req, sent.body),
  };
  const found = await findIdempotentReply({ actor, claim });
  if (found) return replay(found, { actor, claim, rebuild });
  let reply: Reply;
  try {
    reply = await create(claim);
  } catch (err) {
    // A request with this key committed while this one ran: this one rolled back,
    // refused at the key's row, or earlier at what the first one made (the model's
    // name, the checkpoint's uuid or files), and answers with the first one's reply.
    if (!isKeyTaken(err) && !(err instanceof RegistryError && err.code === "ALREADY_EXISTS")) throw err;
    const first = await findIdempotentReply({ actor, claim });
    if (!first) throw err;
    return replay(first, { actor, claim, rebuild });
  }
  crashHookAfterCommit(key);
  await store(actor, claim, reply);
  return ok(reply);
}
