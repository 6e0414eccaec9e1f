import type { Actor } from "../registry/actor";
import { authenticate } from "./auth";
import { readJsonBody } from "./body";
import { errorResponse } from "./errors";
import { withRequestContext } from "./request-context";

type Params = Record<string, string | string[] | undefined>;

export type RouteInput<P extends Params> = {
  req: Request;
  params: P;
  query: URLSearchParams;
  /**
   * The JSON body: with or without Content-Type, top-level nulls dropped (Determined's
   * clients send unset fields as null) unless `keepNulls` (where null means something,
   * as an alias's `expectedVersion: null`), size-limited.
   */
  body: (opts?: { keepNulls?: boolean }) => Promise<Record<string, unknown>>;
};
export type AuthedInput<P extends Params> = RouteInput<P> & { actor: Actor };

/** A handler returns a plain object (sent as 200 JSON; undefined becomes `{}`) or its own Response. */
type Result = Response | object | undefined | void;
type NextHandler<P extends Params> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

export function ok(body: object = {}, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status: 200, headers: { "Cache-Control": "no-store", ...headers } });
}

function toResponse(result: Result): Response {
  return result instanceof Response ? result : ok(result ?? {});
}

async function input<P extends Params>(req: Request, ctx: { params: Promise<P> } | undefined): Promise<RouteInput<P>> {
  const params = ((await ctx?.params) ?? {}) as P;
  return { req, params, query: new URL(req.url).searchParams, body: (opts) => readJsonBody(req, undefined, opts) };
}

/**
 * Wraps every authenticated route (all of /api/v1 except login and master, and
 * the checkpoint archive routes): resolves the caller from the bearer token (401
 * otherwise) and maps every error to the contract's JSON in one place.
 */
export function route<P extends Params = Record<string, string>>(
  handler: (input: AuthedInput<P>) => Promise<Result> | Result,
): NextHandler<P> {
  return publicRoute<P>(async (input) => handler({ ...input, actor: await authenticate(input.req) }));
}

/** The same wrapper without authentication: login, master info, /info, the OpenAPI document. */
export function publicRoute<P extends Params = Record<string, string>>(
  handler: (input: RouteInput<P>) => Promise<Result> | Result,
): NextHandler<P> {
  return async (req, ctx) => {
    try {
      const base = await input(req, ctx);
      return toResponse(await withRequestContext(req, () => handler(base)));
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}
