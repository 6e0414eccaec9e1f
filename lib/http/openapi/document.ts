import { z } from "zod";
import { COMPAT_VERSION } from "../master-info";
import { ZApiPagination, ZWireAlias, ZWireCheckpoint, ZWireError, ZWireExperiment, ZWireModel, ZWireUser, ZWireVersion } from "../../schemas/api";
import { apiRoutes, type ApiRoute } from "./routes";

// Named messages become components; everything else is inlined.
const named = z.registry<{ id: string }>();
named.add(ZWireModel, { id: "Model" });
named.add(ZWireVersion, { id: "ModelVersion" });
named.add(ZWireCheckpoint, { id: "Checkpoint" });
named.add(ZWireExperiment, { id: "Experiment" });
named.add(ZWireUser, { id: "User" });
named.add(ZWireError, { id: "Error" });
named.add(ZApiPagination, { id: "Pagination" });
named.add(ZWireAlias, { id: "Alias" });

type Json = Record<string, unknown>;
const components: Record<string, Json> = {};

function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { metadata: named, io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  const { $defs, $schema: _ignored, ...rest } = out as Json & { $defs?: Record<string, Json> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= relink(def);
  return relink(rest);
}
const relink = (s: Json): Json => JSON.parse(JSON.stringify(s).replaceAll('"#/$defs/', '"#/components/schemas/'));

const errorReply = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

function operation(r: ApiRoute): Json {
  const pathParams = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1], in: "path", required: true,
    schema: { type: "string" },
    description: m[1] === "modelName" ? "URL-encoded model name, or the numeric id when all digits" : undefined,
  }));
  const queryProps = (r.query ? schemaOf(r.query, "input").properties : {}) as Record<string, Json>;
  const queryParams = Object.entries(queryProps).map(([name, schema]) => ({
    name, in: "query", required: false, schema,
    ...(schema.type === "array" ? { style: "form", explode: true } : {}),
  }));
  const headers = [
    ...(r.ifMatch ? [{ name: "If-Match", in: "header", required: false, schema: { type: "string" }, description: 'the revision the edit is based on, e.g. "3"; stale: 409' }] : []),
    ...(r.idempotent ? [{
      name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
      description: "a fresh key (e.g. a UUID) per create, the same on each retry of it: a retry with the same key and body within 24 hours gets the first answer again (header Idempotent-Replayed: true) and creates nothing; the same key with another body: 422. Keys are per user",
    }] : []),
  ];
  const reply = r.reply instanceof z.ZodType
    ? { "application/json": { schema: schemaOf(r.reply, "output") } }
    : { [r.reply.contentType]: { schema: { type: "string", format: "binary" } } };
  // A checkpoint upload's body is a .tar.gz (z.any()); every other body is JSON.
  const body = r.body && (r.body instanceof z.ZodAny
    ? { required: true, content: { "application/gzip": { schema: { type: "string", format: "binary" } } } }
    : { required: false, content: { "application/json": { schema: schemaOf(r.body, "input") } } });
  return {
    summary: r.summary,
    tags: [r.tag],
    ...(r.public ? { security: [] } : {}),
    parameters: [...pathParams, ...queryParams, ...headers],
    ...(body ? { requestBody: body } : {}),
    responses: {
      200: {
        description: "OK", content: reply,
        ...(r.etag ? { headers: { ETag: { schema: { type: "string" }, description: "the revision" } } } : {}),
        ...(r.idempotent ? { headers: { "Idempotent-Replayed": { schema: { type: "string", enum: ["true"] }, description: "present when this is the stored answer to an earlier request with the same Idempotency-Key" } } } : {}),
      },
      400: errorReply("invalid input (InvalidArgument / FailedPrecondition)"),
      ...(r.public ? {} : { 401: errorReply("missing, unknown or expired token") }),
      404: errorReply("not found"),
      409: errorReply("already exists, a stale revision, an alias moved meanwhile (error.currentTarget says by whom), or a version held by a protected alias"),
      413: errorReply("body too large"),
      ...(r.idempotent ? { 422: errorReply("the Idempotency-Key was already used for a different request") } : {}),
      503: errorReply("database unavailable"),
    },
  };
}

let cached: Json | undefined;

/** The OpenAPI 3.1 document for every route, built once per process. */
export function openApiDocument(): Json {
  if (cached) return cached;
  const paths: Record<string, Json> = {};
  for (const r of apiRoutes) (paths[r.path] ??= {})[r.method] = operation(r);
  const { $schema: _ignored, ...error } = z.toJSONSchema(ZWireError, { io: "output" }) as Json;
  components.Error ??= error;
  cached = {
    openapi: "3.1.0",
    info: {
      title: "model-registry",
      version: COMPAT_VERSION,
      description: "Determined-compatible model registry API (see docs/determined-api.md). JSON bodies are accepted with or without Content-Type; explicit nulls mean absent, except in alias bodies, where `expectedVersion: null` means \"names no version\" and `protected: null` means \"the registry default\".",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "POST /api/v1/auth/login" } },
    },
  };
  return cached;
}
