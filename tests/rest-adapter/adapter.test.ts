// The REST adapter's transport rules, on real Request objects (no server needed).
import { afterEach, describe, expect, it, vi } from "vitest";
import { readJsonBody } from "../../lib/http/body";
import { errorResponse } from "../../lib/http/errors";
import { paginate } from "../../lib/http/pagination";
import { expectedRevision } from "../../lib/http/revision";
import { edge } from "../../lib/registry/edge";
import { RegistryError } from "../../lib/registry/errors";

const req = (body?: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/api/v1/models", { method: "POST", body, headers, duplex: "half" } as RequestInit);
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : String(e)));

describe("readJsonBody", () => {
  it("reads JSON without a Content-Type, drops top-level nulls and keeps nested ones", async () => {
    expect(await readJsonBody(req('{"name":"m","labels":null,"metadata":{"a":null}}'))).toEqual({ name: "m", metadata: { a: null } });
    expect(await readJsonBody(req(""))).toEqual({});
    expect(await readJsonBody(req("null"))).toEqual({});
  });

  it("refuses malformed JSON and non-objects as INVALID with a readable message", async () => {
    const err = await readJsonBody(req('{"name":')).catch((e) => e);
    expect(err.code).toBe("INVALID");
    expect(err.message).toMatch(/^The request body is not valid JSON/);
    expect(await codeOf(readJsonBody(req("[1]")))).toBe("INVALID");
    expect(await codeOf(readJsonBody(req('"text"')))).toBe("INVALID");
  });

  it("refuses a body over the limit, by Content-Length or while streaming", async () => {
    expect(await codeOf(readJsonBody(req("{}", { "content-length": "2000" }), 1000))).toBe("TOO_LARGE");
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(" ".repeat(200)));
        c.close();
      },
    });
    expect(await codeOf(readJsonBody(req(chunks), 1000))).toBe("TOO_LARGE");
    expect(await codeOf(readJsonBody(req(`{"a":"${"x".repeat(900)}"}`), 1000))).toBe("OK");
  });
});

describe("errorResponse", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ["INVALID", 400, 3], ["FAILED_PRECONDITION", 400, 9], ["UNAUTHENTICATED", 401, 16], ["FORBIDDEN", 403, 7],
    ["NOT_FOUND", 404, 5], ["ALREADY_EXISTS", 409, 6], ["CONFLICT", 409, 10], ["TOO_LARGE", 413, 8], ["UNAVAILABLE", 503, 14],
  ] as const)("maps %s to HTTP %i / gRPC %i in the contract's shape", async (code, http, grpc) => {
    const res = errorResponse(new RegistryError(code, "Because."));
    expect(res.status).toBe(http);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: grpc, error: "Because." });
    expect(typeof body.error.reason).toBe("string");
  });

  it("answers a lost or saturated database with 503 and Retry-After (the domain's edge translates it)", async () => {
    const lost = [
      new Error("connect ECONNREFUSED 127.0.0.1:5432"),
      new Error("Client has encountered a connection error and is not queryable"),
      Object.assign(new Error("Unable to start a transaction"), { code: "P2028" }),
    ];
    for (const err of lost) {
      const translated = await edge(async () => { throw err; })().catch((e) => e);
      expect(translated).toBeInstanceOf(RegistryError);
      const res = errorResponse(translated);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await res.json()).error.reason).toBe("Unavailable");
    }
  });

  it("logs an unexpected error and answers a generic 500 without its details", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new TypeError("secret internals at /srv/app.ts:12"), "GET /api/v1/x");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).error.code).toBe(13);
    expect(log).toHaveBeenCalledOnce();
    expect(String(log.mock.calls[0][0])).toContain("GET /api/v1/x");
  });
});

describe("paginate", () => {
  const items = Array.from({ length: 5 }, (_, i) => i);
  const fetch = async (offset: number, limit: number) => ({ items: items.slice(offset, limit ? offset + limit : undefined), total: items.length });

  it("follows Determined's rules for offset and limit", async () => {
    expect(await paginate({}, fetch)).toEqual({ items, pagination: { offset: 0, limit: 0, startIndex: 0, endIndex: 5, total: 5 } });
    expect(await paginate({ offset: 1, limit: 2 }, fetch)).toEqual({ items: [1, 2], pagination: { offset: 1, limit: 2, startIndex: 1, endIndex: 3, total: 5 } });
    expect(await paginate({ offset: -2 }, fetch)).toEqual({ items: [3, 4], pagination: { offset: -2, limit: 0, startIndex: 3, endIndex: 5, total: 5 } });
    expect((await paginate({ offset: 5 }, fetch)).items).toEqual([]);
    expect(await codeOf(paginate({ offset: 6 }, fetch))).toBe("INVALID");
    expect(await codeOf(paginate({ offset: -6 }, fetch))).toBe("INVALID");
  });
});

describe("expectedRevision", () => {
  const withIfMatch = (v: string) => new Request("http://x", { headers: { "If-Match": v } });
  it("reads If-Match (strong, weak or bare) and the body's revision, and refuses a disagreement", () => {
    expect(expectedRevision(new Request("http://x"))).toBeUndefined();
    expect(expectedRevision(new Request("http://x"), 4)).toBe(4);
    expect(expectedRevision(withIfMatch('"7"'))).toBe(7);
    expect(expectedRevision(withIfMatch('W/"7"'))).toBe(7);
    expect(expectedRevision(withIfMatch("7"), 7)).toBe(7);
    expect(expectedRevision(withIfMatch("*"))).toBeUndefined();
    expect(() => expectedRevision(withIfMatch('"7"'), 8)).toThrow(/disagree/);
    expect(() => expectedRevision(withIfMatch("abc"))).toThrow(/If-Match/);
  });
});
