// Issue 5, "Bad input": a table of hostile or broken inputs through the REST API and
// the server actions. Each must get a 4xx (or a typed action failure) with a clear
// message, never a 500, and leave the database and the checkpoint storage unchanged.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminActor } from "../support/actors";
import { callAction, serverActions, snapshot, startStack, useStackDatabase, type Stack } from "../support/stack";

let stack: Stack;
let token = "";
let fx: { modelId: number; model: string; version: number; checkpoint: string; experimentId: number; revision: number };
/** Fresh ACTIVE checkpoints, one per archive case (an accepted upload would complete it). */
const uploadTargets: string[] = [];
let cliConfig = "";

beforeAll(async () => {
  // Small archive limits so the bomb and the file-count cases stay cheap.
  stack = await startStack({ env: { MREG_MAX_ARCHIVE_BYTES: String(32 * 1024 * 1024), MREG_MAX_ARCHIVE_FILES: "50" } });
  await useStackDatabase(stack);
  const r = await import("../../lib/registry");
  const admin = await adminActor();
  const m = await r.createModel({ actor: admin, input: { name: `bad-input-${Date.now()}`, metadata: { keep: true } } });
  const cp = await r.reportCheckpoint({ actor: admin, input: { experiment: { name: "bad-input-exp" }, batchNumber: 1 } });
  await r.saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => fs.writeFileSync(path.join(dir, "w.bin"), "weights") });
  const v = await r.registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
  await r.setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: v.version } });
  await r.setAlias({ actor: admin, model: m.id, alias: "production", input: { version: v.version, reason: "fixture" } });
  fx = { modelId: m.id, model: m.name, version: v.version, checkpoint: cp.uuid, experimentId: cp.experimentId!, revision: m.revision };
  for (let i = 0; i < 10; i++) uploadTargets.push((await r.reportCheckpoint({ actor: admin, input: { experiment: { name: "bad-input-exp" } } })).uuid);
  token = await stack.login();
  cliConfig = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-bad-cli-"));
  const login = await cli(["login", "admin", "--password", (await import("../support/stack")).ADMIN_PASSWORD]);
  if (login.status !== 200) throw new Error(`mreg login failed: ${login.message}`);
}, 300_000);
afterAll(async () => stack?.close());

type Outcome = { status: number; message: string };

async function rest(method: string, url: string, body?: string | Uint8Array | object, headers: Record<string, string> = {}): Promise<Outcome> {
  const res = await fetch(`${stack.baseUrl}${url.replace("{m}", encodeURIComponent(fx.model)).replace("{v}", String(fx.version))}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...headers },
    body: body === undefined ? undefined : typeof body === "string" || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
  });
  const text = await res.text();
  let message = text.slice(0, 300);
  try { message = JSON.parse(text).error?.error ?? message; } catch { /* not JSON */ }
  return { status: res.status, message };
}

async function action(name: string, args: (() => unknown[]) | string): Promise<Outcome> {
  const a = serverActions(stack.dist).find((x) => x.name === name);
  if (!a) throw new Error(`no server action ${name}`);
  const page = a.workers[0].includes("[name]") ? `/models/${encodeURIComponent(fx.model)}` : "/";
  const res = await callAction(stack.baseUrl, { id: a.id, page, args: typeof args === "string" ? args : args(), session: token });
  const code = /"code":"([A-Z_]+)"/.exec(res.text)?.[1];
  const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(res.text)?.[1] ?? res.text.slice(0, 200);
  // A typed failure is the action's 4xx; map its code to the status the REST API would use.
  const status = res.status !== 200 ? res.status : ({ INVALID: 400, FAILED_PRECONDITION: 400, NOT_FOUND: 404, CONFLICT: 409, ALREADY_EXISTS: 409, TOO_LARGE: 413 } as Record<string, number>)[code ?? ""] ?? (code ? 500 : 200);
  return { status, message };
}

/** Deeply nested JSON as text: JSON.stringify itself cannot walk 10,000 levels. */
const nestText = (levels: number) => "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
const nest = (levels: number) => JSON.parse(nestText(levels));

/** One tar entry written by hand: tar libraries refuse to create the hostile ones. */
function tarEntry(name: string, body = Buffer.alloc(0), type = "0", linkname = ""): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write("0000644\0", 100); h.write("0000000\0", 108); h.write("0000000\0", 116);
  h.write(body.length.toString(8).padStart(11, "0") + "\0", 124);
  h.write("00000000000\0", 136);
  h.fill(" ", 148, 156);
  h.write(type, 156);
  h.write(linkname, 157, 100);
  h.write("ustar\0", 257); h.write("00", 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  return Buffer.concat([h, body, Buffer.alloc((512 - (body.length % 512)) % 512)]);
}
const tarGz = (...entries: Buffer[]) => zlib.gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
let nextTarget = 0;
const upload = (archive: Buffer | string) => rest("PUT", `/checkpoints/${uploadTargets[nextTarget++]}`, archive, { "content-type": "application/gzip" });
/** 64 MiB of zeros inflating from ~64 KB: twice the server's (test) archive limit. */
const gzipBomb = () => zlib.gzipSync(Buffer.concat([tarEntry("zeros.bin", Buffer.alloc(64 * 1024 * 1024)), Buffer.alloc(1024)]), { level: 9 });

/** Runs the mreg CLI as a process; exit code 0 counts as 200, anything else as a refusal (400). */
function cli(args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "../../cli/bin/mreg.mjs"), ...args], {
      env: { ...process.env, MREG_MASTER: stack.baseUrl, XDG_CONFIG_HOME: cliConfig, MREG_PASSWORD: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code === 0 ? 200 : /internal|500/i.test(out) ? 500 : 400, message: out.trim() }));
  });
}
const model = (name: unknown) => ({ name });
const bigString = (bytes: number) => "x".repeat(bytes);
const INVALID_UTF8 = new Uint8Array([...Buffer.from('{"name":"bad-utf8-'), 0xff, 0xfe, 0xc3, ...Buffer.from('"}')]);

type Case = [label: string, run: () => Promise<Outcome>, expected: RegExp];
const cases: Case[] = [
  // Names
  ["name empty", () => rest("POST", "/api/v1/models", model("")), /required/],
  ["name spaces only", () => rest("POST", "/api/v1/models", model("   ")), /required/],
  ["name all digits", () => rest("POST", "/api/v1/models", model("12345")), /digits/],
  ["name with slash", () => rest("POST", "/api/v1/models", model("a/b")), /'\/'/],
  ["name with backslash", () => rest("POST", "/api/v1/models", model("a\\b")), /'\\'/],
  ["name 10 KB long", () => rest("POST", "/api/v1/models", model(bigString(10 * 1024))), /at most 255/],
  ["name with a tab", () => rest("POST", "/api/v1/models", model("tab\there")), /control characters/],
  ["name with NUL", () => rest("POST", "/api/v1/models", model("nul\u0000here")), /control characters/],
  ["name with a newline", () => rest("POST", "/api/v1/models", model("line\nbreak")), /control characters/],
  ["name mixing Latin and Cyrillic", () => rest("POST", "/api/v1/models", model("pаypal")), /alphabets/],
  ["name mixing Latin and Greek", () => rest("POST", "/api/v1/models", model("mοdel")), /alphabets/],
  ["name with a zero-width space", () => rest("POST", "/api/v1/models", model("zero\u200Bwidth")), /invisible/],
  ["name with a right-to-left override", () => rest("POST", "/api/v1/models", model("evil\u202Egnp.exe")), /invisible/],
  ["name with leading space", () => rest("POST", "/api/v1/models", model(" padded")), /spaces/],
  ["name is a number", () => rest("POST", "/api/v1/models", model(42)), /string/],
  ["name is an object", () => rest("POST", "/api/v1/models", model({ x: 1 })), /string/],
  ["name missing", () => rest("POST", "/api/v1/models", {}), /name|required/i],
  ["rename to all digits", () => rest("PATCH", "/api/v1/models/{m}", { name: "999" }), /digits/],
  // Metadata
  ["metadata is a list", () => rest("POST", "/api/v1/models", { name: "md-list", metadata: [1, 2] }), /object/],
  ["metadata is a string", () => rest("POST", "/api/v1/models", { name: "md-str", metadata: "x" }), /object/],
  ["metadata is a number", () => rest("POST", "/api/v1/models", { name: "md-num", metadata: 5 }), /object/],
  ["metadata 10 MB", () => rest("POST", "/api/v1/models", { name: "md-huge", metadata: { blob: bigString(10 * 1024 * 1024) } }), /larger than|bytes/],
  ["metadata 300 KB (under the body limit)", () => rest("POST", "/api/v1/models", { name: "md-big", metadata: { blob: bigString(300 * 1024) } }), /limit is/],
  ["metadata 10,000 levels deep", () => rest("POST", "/api/v1/models", `{"name":"md-deep","metadata":${nestText(10_000)}}`), /deeper than/],
  ["metadata 65 levels deep on PATCH", () => rest("PATCH", "/api/v1/models/{m}", { metadata: nest(65) }), /deeper than/],
  ["version metadata 10,000 levels deep", () => rest("PATCH", "/api/v1/models/{m}/versions/{v}", `{"metadata":${nestText(10_000)}}`), /deeper than/],
  ["version metadata is a list", () => rest("PATCH", "/api/v1/models/{m}/versions/{v}", { metadata: ["a"] }), /object/],
  // Metadata merges (PATCH .../metadata)
  ["merge: set is a list", () => rest("PATCH", "/api/v1/models/{m}/metadata", { set: ["a"] }), /object/],
  ["merge: remove holds a number", () => rest("PATCH", "/api/v1/models/{m}/metadata", { remove: [1] }), /string/],
  ["merge: remove is a string", () => rest("PATCH", "/api/v1/models/{m}/metadata", { remove: "keep" }), /list/],
  ["merge: nothing to do", () => rest("PATCH", "/api/v1/models/{m}/metadata", {}), /at least one key/],
  ["merge: a key set and removed", () => rest("PATCH", "/api/v1/models/{m}/metadata", { set: { keep: 1 }, remove: ["keep"] }), /both set and removed/],
  ["merge: an unknown model", () => rest("PATCH", "/api/v1/models/no-such-model/metadata", { set: { a: 1 } }), /not found/],
  ["merge: set 65 levels deep", () => rest("PATCH", "/api/v1/models/{m}/metadata", { set: nest(65) }), /deeper than/],
  ["merge: version set is a string", () => rest("PATCH", "/api/v1/models/{m}/versions/{v}/metadata", { set: "x" }), /object/],
  ["cli: metadata add to a missing version", () => cli(["model", "metadata", "add", fx.model, '{"a":1}', "--version", "99"]), /not found/],
  ["body with invalid UTF-8", () => rest("POST", "/api/v1/models", INVALID_UTF8), /UTF-8/],
  ["labels not a list", () => rest("PATCH", "/api/v1/models/{m}", { labels: "prod" }), /list/],
  ["labels with a blank", () => rest("PATCH", "/api/v1/models/{m}", { labels: ["ok", "  "] }), /blank/],
  ["description over the limit", () => rest("PATCH", "/api/v1/models/{m}", { description: bigString(10_001) }), /at most/],
  // Pagination
  ["models offset not a number", () => rest("GET", "/api/v1/models?offset=abc"), /offset/],
  ["models limit negative", () => rest("GET", "/api/v1/models?limit=-5"), /limit/],
  ["models limit not a number", () => rest("GET", "/api/v1/models?limit=ten"), /limit/],
  ["models offset fractional", () => rest("GET", "/api/v1/models?offset=1.5"), /whole number/],
  ["models offset beyond the end", () => rest("GET", "/api/v1/models?offset=99999999"), /offset|range|total/i],
  ["models offset huge negative", () => rest("GET", "/api/v1/models?offset=-99999999"), /offset|range|total/i],
  ["models limit huge", () => rest("GET", "/api/v1/models?limit=99999999999999999999"), /limit|at most|whole/i],
  ["versions offset not a number", () => rest("GET", "/api/v1/models/{m}/versions?offset=x"), /offset/],
  ["versions limit negative", () => rest("GET", "/api/v1/models/{m}/versions?limit=-1"), /limit/],
  ["history offset negative", () => rest("GET", "/api/v1/models/{m}/history?offset=-1"), /negative/],
  ["history limit huge", () => rest("GET", "/api/v1/models/{m}/history?limit=100000"), /at most/],
  ["checkpoints limit not a number", () => rest("GET", `/api/v1/experiments/${fx.experimentId}/checkpoints?limit=lots`), /limit/],
  // Unknown enum values
  ["models sortBy unknown", () => rest("GET", "/api/v1/models?sortBy=SORT_BY_COLOUR"), /sortBy|Invalid|expected/i],
  ["models orderBy unknown", () => rest("GET", "/api/v1/models?orderBy=SIDEWAYS"), /orderBy|Invalid|expected/i],
  ["models archived not a boolean", () => rest("GET", "/api/v1/models?archived=maybe"), /true or false/],
  ["versions sortBy unknown", () => rest("GET", "/api/v1/models/{m}/versions?sortBy=SORT_BY_MOOD"), /sortBy|Invalid|expected/i],
  ["checkpoint states unknown", () => rest("GET", `/api/v1/experiments/${fx.experimentId}/checkpoints?states=STATE_ON_FIRE`), /states|Invalid|expected/i],
  ["checkpoint sortByAttr unknown", () => rest("GET", `/api/v1/experiments/${fx.experimentId}/checkpoints?sortByAttr=SORT_BY_VIBES`), /sortByAttr|Invalid|expected/i],
  ["reported checkpoint state unknown", () => rest("POST", "/api/v1/checkpoints", { uuid: "00000000-0000-4000-8000-0000000000aa", state: "STATE_ON_FIRE" }), /state|Invalid|expected/i],
  // Malformed JSON and wrong content types
  ["JSON cut short", () => rest("POST", "/api/v1/models", "{\"name\": \"x\""), /not valid JSON/],
  ["JSON with trailing garbage", () => rest("POST", "/api/v1/models", "{\"name\":\"x\"}}"), /not valid JSON/],
  ["JSON with unquoted keys", () => rest("POST", "/api/v1/models", "{name: \"x\"}"), /not valid JSON/],
  ["JSON array body", () => rest("POST", "/api/v1/models", "[1,2]"), /JSON object/],
  ["JSON string body", () => rest("POST", "/api/v1/models", "\"just text\""), /JSON object/],
  ["XML with an XML content type", () => rest("POST", "/api/v1/models", "<model><name>x</name></model>", { "content-type": "application/xml" }), /not valid JSON/],
  ["form-encoded body", () => rest("POST", "/api/v1/models", "name=x&description=y", { "content-type": "application/x-www-form-urlencoded" }), /not valid JSON/],
  ["multipart body", () => rest("POST", "/api/v1/models", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--b--", { "content-type": "multipart/form-data; boundary=b" }), /not valid JSON/],
  ["body over the size limit", () => rest("POST", "/api/v1/models", `{"name":"big","notes":"${bigString(5 * 1024 * 1024)}"}`), /larger than/],
  ["PATCH body is JSON null inside fields", () => rest("PATCH", "/api/v1/models/{m}", { labels: [null] }), /string/],
  // Paths and references
  ["model path with traversal", () => rest("GET", "/api/v1/models/..%2F..%2Fetc%2Fpasswd"), /not found/],
  ["version number not a number", () => rest("GET", "/api/v1/models/{m}/versions/abc"), /whole number|positive/],
  ["version number negative", () => rest("GET", "/api/v1/models/{m}/versions/-1"), /whole number|positive/],
  ["version number huge", () => rest("GET", "/api/v1/models/{m}/versions/99999999999999999999"), /whole number|positive|not found/],
  ["checkpoint uuid malformed", () => rest("GET", "/api/v1/checkpoints/not-a-uuid"), /UUID/],
  ["register an unknown checkpoint", () => rest("POST", "/api/v1/models/{m}/versions", { checkpointUuid: "00000000-0000-4000-8000-000000000000" }), /not found/],
  ["register with a malformed uuid", () => rest("POST", "/api/v1/models/{m}/versions", { checkpointUuid: "../../etc" }), /UUID/],
  ["experiment id not a number", () => rest("GET", "/api/v1/experiments/abc/checkpoints"), /experiment|whole|id/i],
  ["stale If-Match", () => rest("PATCH", "/api/v1/models/{m}", { description: "x" }, { "if-match": "\"999\"" }), /changed by someone else/],
  ["malformed If-Match", () => rest("PATCH", "/api/v1/models/{m}", { description: "x" }, { "if-match": "yesterday" }), /If-Match/],
  // Aliases (issue 12)
  ["alias name with capitals and a space", () => rest("PUT", "/api/v1/models/{m}/aliases/Prod%20One", { version: 1 }), /lowercase letters, digits/],
  ["alias name all digits", () => rest("PUT", "/api/v1/models/{m}/aliases/42", { version: 1 }), /all digits/],
  ["alias name 65 characters", () => rest("PUT", `/api/v1/models/{m}/aliases/${"a".repeat(65)}`, { version: 1 }), /too long/],
  ["alias `latest` set by hand", () => rest("PUT", "/api/v1/models/{m}/aliases/latest", { version: 1 }), /reserved/],
  ["alias to a version that does not exist", () => rest("PUT", "/api/v1/models/{m}/aliases/staging", { version: 99 }), /not found/],
  ["alias version not a number", () => rest("PUT", "/api/v1/models/{m}/aliases/staging", { version: "1" }), /version/],
  ["alias with an unknown field", () => rest("PUT", "/api/v1/models/{m}/aliases/staging", { version: 1, force: true }), /Unrecognized|force/i],
  ["alias expectedVersion stale", () => rest("PUT", "/api/v1/models/{m}/aliases/canary", { version: 1, expectedVersion: 7 }), /someone changed it/],
  ["protected alias without a reason", () => rest("PUT", "/api/v1/models/{m}/aliases/production", { version: 1 }), /reason/],
  ["remove an alias that was never set", () => rest("DELETE", "/api/v1/models/{m}/aliases/never-set", {}), /not found/],
  ["deregister a version holding a protected alias", () => rest("DELETE", "/api/v1/models/{m}/versions/{v}"), /protected alias "production"/],
  ["alias ?at= in the future", () => rest("GET", `/api/v1/models/{m}/aliases/canary?at=${new Date(Date.now() + 86_400_000).toISOString()}`), /future/],
  ["model ?at= unreadable", () => rest("GET", "/api/v1/models/{m}?at=last%20tuesday"), /ISO 8601/],
  ["model ?at= a day that does not exist", () => rest("GET", "/api/v1/models/{m}?at=2026-02-30T00:00:00Z"), /ISO 8601/],
  ["models list with a malformed alias", () => rest("GET", "/api/v1/models?alias=Not!"), /lowercase letters/],
  ["action: promote to a malformed alias", () => action("setAliasAction", () => [fx.modelId, "Bad Alias", fx.version, null, ""]), /lowercase letters/],
  ["action: promote a protected alias without a reason", () => action("setAliasAction", () => [fx.modelId, "production", fx.version, fx.version, ""]), /reason/],
  ["cli: alias set with a version that is not a number", () => cli(["model", "alias", "set", fx.model, "staging", "two"]), /number/],
  ["cli: alias set with a bad --expect", () => cli(["model", "alias", "set", fx.model, "staging", "1", "--expect", "maybe"]), /--expect/],
  ["cli: download a model without saying which version", () => cli(["checkpoint", "download", fx.model]), /names a model, not a version/],
  // Checkpoint archives (PUT /checkpoints/{uuid})
  ["archive entry with ../", () => upload(tarGz(tarEntry("../escape.txt", Buffer.from("x")))), /escapes the checkpoint folder/],
  ["archive entry nested ../../", () => upload(tarGz(tarEntry("a/../../escape.txt", Buffer.from("x")))), /escapes the checkpoint folder/],
  ["archive entry with an absolute path", () => upload(tarGz(tarEntry("/tmp/mreg-absolute.txt", Buffer.from("x")))), /absolute path/],
  ["archive symlink pointing outside", () => upload(tarGz(tarEntry("passwd", undefined, "2", "/etc/passwd"))), /symbolic link/],
  ["archive hard link", () => upload(tarGz(tarEntry("a.txt", Buffer.from("x")), tarEntry("b.txt", undefined, "1", "a.txt"))), /hard link/],
  ["archive device entry", () => upload(tarGz(tarEntry("dev-null", undefined, "3"))), /entry; checkpoints hold regular files/],
  ["archive that is not gzip", () => upload("this is not an archive"), /not gzip/],
  ["archive cut short", () => upload(tarGz(tarEntry("w.bin", crypto.randomBytes(100_000))).subarray(0, 20_000)), /ended early|truncated|corrupt|not a valid tar/],
  ["gzip bomb", () => upload(gzipBomb()), /inflates to more than|more than \d+ bytes/],
  ["archive with too many files", () => upload(tarGz(...Array.from({ length: 60 }, (_, i) => tarEntry(`f${i}.txt`, Buffer.from("x"))))), /more than 50 entries/],
  // The mreg CLI (exits non-zero with a one-line error)
  ["cli: create with an all-digit name", () => cli(["model", "create", "2024"]), /digits/],
  ["cli: create with a slash in the name", () => cli(["model", "create", "team/model"]), /'\/'/],
  ["cli: metadata that is not JSON", () => cli(["model", "create", "cli-bad-json", "--metadata", "{oops"]), /JSON/],
  ["cli: metadata that is a list", () => cli(["model", "create", "cli-md-list", "--metadata", "[1,2]"]), /object/],
  ["cli: metadata 10,000 levels deep", () => cli(["model", "create", "cli-deep", "--metadata", nestText(10_000)]), /deeper than|nest/],
  ["cli: list with an unknown sort", () => cli(["model", "list", "--sort-by", "colour"]), /sort|colour|choices|allowed/i],
  ["cli: list with an unknown order", () => cli(["model", "list", "--order-by", "sideways"]), /order|sideways|choices|allowed/i],
  // --version also takes an alias (issue 12): "abc" is one that names nothing, "A B!" is not one at all.
  ["cli: describe a version that is not a number", () => cli(["model", "describe", fx.model, "--version", "abc"]), /Alias "abc" .* not found/],
  ["cli: describe a version that is neither a number nor an alias", () => cli(["model", "describe", fx.model, "--version", "A B!"]), /not a valid alias/],
  ["cli: register a malformed checkpoint uuid", () => cli(["model", "register-version", "whatever", "../etc"]), /UUID|not found/i],
  // Server actions (the web UI's forms), signed in as admin
  ["action: create with an empty name", () => action("createModelAction", () => [{ name: "" }]), /required/],
  ["action: create with a 10 KB name", () => action("createModelAction", () => [{ name: bigString(10 * 1024) }]), /at most 255/],
  ["action: create with look-alike letters", () => action("createModelAction", () => [{ name: "Аpple" }]), /alphabets/],
  ["action: create with metadata not an object", () => action("createModelAction", () => [{ name: "act-md", metadata: [1] }]), /object/],
  ["action: create with metadata 10,000 deep", () => action("createModelAction", `[{"name":"act-deep","metadata":${nestText(10_000)}}]`), /deeper than/],
  ["action: create with no input at all", () => action("createModelAction", () => [null]), /object|expected|Invalid/i],
  ["action: edit an unknown field", () => action("updateModelFieldAction", () => [fx.modelId, "archived", false, fx.revision]), /Invalid|expected|option/i],
  ["action: labels not a list", () => action("updateModelFieldAction", () => [fx.modelId, "labels", "prod", fx.revision]), /list/],
  ["action: stale revision", () => action("updateModelFieldAction", () => [fx.modelId, "description", "x", 999]), /changed by someone else/],
  ["action: model id not a number", () => action("setModelArchivedAction", () => ["abc", true]), /not found/],
  ["action: negative model id", () => action("deleteModelAction", () => [-1]), /Invalid|expected|not found|positive/i],
  ["action: version metadata deep", () => action("updateVersionFieldAction", () => [fx.modelId, fx.version, "metadata", nest(100), 1]), /deeper than/],
  ["action: version number negative", () => action("deregisterVersionAction", () => [fx.modelId, -3]), /Invalid|expected|positive|greater/i],
  ["action: register a malformed uuid", () => action("registerCheckpointAction", () => [{ model: fx.modelId, checkpointUuid: "../x" }]), /UUID/],
];

describe("bad input: 4xx with a clear message, nothing changed", () => {
  it("has at least 60 cases", () => expect(cases.length).toBeGreaterThanOrEqual(60));

  it.each(cases)("%s", async (_label, run, expected) => {
    const before = await snapshot(stack.storageDir);
    const out = await run();
    expect(out.status, out.message).toBeGreaterThanOrEqual(400);
    expect(out.status, out.message).toBeLessThan(500);
    expect(out.message).toMatch(expected);
    expect(out.message).not.toMatch(/Something went wrong|Internal|stack|at \w+ \(/);
    expect(await snapshot(stack.storageDir)).toEqual(before);
  });
});

describe("Markdown in notes is stored as written and rendered inert", () => {
  it.each([
    ["a <script> tag", "<script>window.__pwned = 1</script>", (html: string) => expect(html).not.toContain("<script>window.__pwned")],
    ["a javascript: link", "[click me](javascript:alert(document.cookie))", (html: string) => expect(html).not.toMatch(/href="javascript:/i)],
    ["an image beacon", "![](http://tracker.example/beacon.gif)", (html: string) => expect(html).not.toMatch(/<img[^>]+tracker\.example/)],
    ["raw HTML with an event handler", "<img src=x onerror=\"window.__pwned=1\">", (html: string) => expect(html).not.toMatch(/<img[^>]+onerror/i)],
  ])("%s", async (_label, notes, check) => {
    const saved = await rest("PATCH", "/api/v1/models/{m}", { notes });
    expect(saved.status).toBe(200);
    const page = await fetch(`${stack.baseUrl}/models/${encodeURIComponent(fx.model)}`, { headers: { cookie: `mreg_session=${token}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Notes");
    check(html);
  });
});
