// Issue 5: every change, through every server action and every REST route, tried
// anonymously and as a viewer: each is refused (401/403 or the action's
// UNAUTHENTICATED/FORBIDDEN result) and the database and storage are unchanged.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminActor } from "../support/actors";
import { STACK_WEBHOOK_KEY, callAction, client, serverActions, snapshot, startStack, useStackDatabase, type Stack } from "../support/stack";

let stack: Stack;
let fx: { modelId: number; modelName: string; version: number; version2: number; checkpoint: string; experimentId: number; workspaceId: number; workspaceName: string; webhookId: string; deliveryId: string };
const HOOK_URL = "http://127.0.0.1:9/never-called";
let viewerToken = "";

beforeAll(async () => {
  stack = await startStack();
  await useStackDatabase(stack);
  const r = await import("../../lib/registry");
  const admin = await adminActor();
  const model = await r.createModel({ actor: admin, input: { name: `refused-${Date.now()}`, metadata: { a: 1 } } });
  const cp = await r.reportCheckpoint({ actor: admin, input: { experiment: { name: "refused-exp" }, batchNumber: 1 } });
  await r.saveCheckpointFiles({ actor: admin, uuid: cp.uuid, fill: async (dir) => fs.writeFileSync(path.join(dir, "w.bin"), "x") });
  const v = await r.registerVersion({ actor: admin, model: model.id, checkpointUuid: cp.uuid });
  // A second version, so the compare page's "Show more" read has two to compare.
  const v2 = await r.registerVersion({ actor: admin, model: model.id, checkpointUuid: cp.uuid });
  // An alias to remove, so that refusal is about who asks, not a missing alias.
  await r.setAlias({ actor: admin, model: model.id, alias: "canary", input: { version: v.version } });
  // A workspace the viewer holds no role in: renaming, archiving, deleting it or moving a model there is refused.
  const ws = await r.createWorkspace({ actor: admin, input: { name: `refused-ws-${Date.now()}` } });
  // A webhook of the viewer's workspace, and a delivery of it, so those refusals are about who asks, not a missing one.
  process.env.MREG_WEBHOOK_KEY = STACK_WEBHOOK_KEY;
  process.env.MREG_WEBHOOK_ALLOW_PRIVATE = "1";
  const { webhook } = await r.createWebhook({ actor: admin, input: { url: HOOK_URL, events: ["model.created"], workspace: "Uncategorized", enabled: false } });
  const { deliveryId } = await r.pingWebhook({ actor: admin, id: webhook.id });
  fx = {
    modelId: model.id, modelName: model.name, version: v.version, version2: v2.version, checkpoint: cp.uuid, experimentId: cp.experimentId!,
    workspaceId: ws.id, workspaceName: ws.name, webhookId: webhook.id, deliveryId,
  };
  await r.createUser({ actor: admin, input: { username: "viewer1", password: "viewer-pw" } });
  await r.setWorkspaceRole({ actor: admin, input: { username: "viewer1", workspace: "Uncategorized", role: "VIEWER" } });
  viewerToken = await stack.login("viewer1", "viewer-pw");
}, 300_000);
afterAll(async () => stack?.close());

/** Valid arguments for each mutating action, so a refusal can only come from who is asking. */
const ACTION_ARGS: Record<string, () => unknown[]> = {
  createModelAction: () => [{ name: `new-${Date.now()}` }],
  setModelArchivedAction: () => [fx.modelId, true],
  deleteModelAction: () => [fx.modelId],
  updateModelFieldAction: () => [fx.modelId, "description", "changed", 1],
  renameModelAction: () => [fx.modelId, `renamed-${Date.now()}`, 1],
  deleteModelAndLeaveAction: () => [fx.modelId],
  updateVersionFieldAction: () => [fx.modelId, fx.version, "notes", "changed", 1],
  deregisterVersionAction: () => [fx.modelId, fx.version],
  registerCheckpointAction: () => [{ model: fx.modelName, checkpointUuid: fx.checkpoint }],
  setAliasAction: () => [fx.modelId, "staging", fx.version, null, "because"],
  removeAliasAction: () => [fx.modelId, "canary", fx.version, "because"],
  setAliasProtectionAction: () => [fx.modelId, "staging", true],
  // Administrators only: starting a storage verification, and reading its progress (it names files).
  startStorageVerificationAction: () => [],
  storageVerificationAction: () => [],
  moveModelAction: () => [fx.modelId, fx.workspaceName],
  createWorkspaceAction: () => [{ name: `made-${Date.now()}` }],
  renameWorkspaceAction: () => [fx.workspaceId, `renamed-${Date.now()}`],
  setWorkspaceArchivedAction: () => [fx.workspaceId, true],
  deleteWorkspaceAction: () => [fx.workspaceId],
};
/** Open to every signed-in user (as in Determined, anyone may create a workspace): refused to anonymous callers only. */
const SIGNED_IN_ACTIONS = new Set(["createWorkspaceAction"]);
/** Reads behind sign-in (the model page's chart): anonymous callers are refused, viewers served. */
const SIGNED_IN_READS: Record<string, () => unknown[]> = {
  loadMetricNamesAction: () => [fx.modelId],
  loadMetricSeriesAction: () => [fx.modelId, "validation_loss"],
  loadCompareSectionAction: () => [fx.modelId, { versions: [fx.version, fx.version2], section: "files" }],
};
/** Actions that change nothing or are how one signs in at all. */
const NOT_MUTATIONS = new Set(["searchModelsAction", "signInAction", "signOutAction", ...Object.keys(SIGNED_IN_READS)]);
/** Admin forms post FormData (useActionState); covered below through their domain calls. */
const FORM_ACTIONS = new Set([
  "createUserAction", "setRoleAction", "resetPasswordAction", "createTokenAction", "revokeTokenAction",
  "createWebhookAction", "setEnabledAction", "rotateSecretAction", "testWebhookAction", "deleteWebhookAction", "redeliverAction",
]);

const pageFor = (worker: string) =>
  worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "")
    .replace("[name]", encodeURIComponent(fx.modelName)).replace("[version]", String(fx.version)).replace("[id]", String(fx.experimentId)) || "/";

describe("every mutation is refused to anonymous users and viewers", () => {
  it("the table covers every server action in the build", () => {
    const names = serverActions(stack.dist).map((a) => a.name).filter((n) => !NOT_MUTATIONS.has(n) && !FORM_ACTIONS.has(n));
    expect(names.filter((n) => !ACTION_ARGS[n]).sort()).toEqual([]);
  });

  it.each([
    ["anonymous (an invalid session cookie gets past the page guard)", "not-a-session", "UNAUTHENTICATED"],
    ["a viewer", "VIEWER", "FORBIDDEN"],
  ])("server actions as %s", async (_who, session, code) => {
    const cookie = session === "VIEWER" ? viewerToken : session;
    const before = await snapshot(stack.storageDir);
    const results: Record<string, string> = {};
    for (const a of serverActions(stack.dist)) {
      if (!ACTION_ARGS[a.name] || (session === "VIEWER" && SIGNED_IN_ACTIONS.has(a.name))) continue;
      const res = await callAction(stack.baseUrl, { id: a.id, page: pageFor(a.workers[0]), args: ACTION_ARGS[a.name](), session: cookie });
      results[a.name] = res.status === 200 ? (/"code":"([A-Z_]+)"/.exec(res.text)?.[1] ?? `no code: ${res.text.slice(0, 200)}`) : `HTTP ${res.status}`;
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(results).map((k) => [k, code])));
    expect(Object.keys(results).length).toBe(Object.keys(ACTION_ARGS).length - (session === "VIEWER" ? SIGNED_IN_ACTIONS.size : 0));
    expect(await snapshot(stack.storageDir)).toEqual(before);
  });

  it("the chart's reads refuse an invalid session and serve a viewer", async () => {
    const results: Record<string, string[]> = {};
    for (const a of serverActions(stack.dist).filter((x) => x.name in SIGNED_IN_READS)) {
      const call = (session: string) => callAction(stack.baseUrl, { id: a.id, page: pageFor(a.workers[0]), args: SIGNED_IN_READS[a.name](), session });
      const anonymous = await call("not-a-session");
      const viewer = await call(viewerToken);
      results[a.name] = [/"code":"([A-Z_]+)"/.exec(anonymous.text)?.[1] ?? anonymous.text.slice(0, 100), /"ok":true/.test(viewer.text) ? "ok" : viewer.text.slice(0, 100)];
    }
    expect(results).toEqual({ loadMetricNamesAction: ["UNAUTHENTICATED", "ok"], loadMetricSeriesAction: ["UNAUTHENTICATED", "ok"], loadCompareSectionAction: ["UNAUTHENTICATED", "ok"] });
  });

  it("server actions without any session cookie are sent to sign in and run nothing", async () => {
    const before = await snapshot(stack.storageDir);
    const a = serverActions(stack.dist).find((x) => x.name === "deleteModelAction")!;
    const res = await callAction(stack.baseUrl, { id: a.id, page: "/", args: [fx.modelId] });
    expect(res.status).toBe(307);
    expect(res.location).toMatch(/\/sign-in\?next=/);
    expect(await snapshot(stack.storageDir)).toEqual(before);
  });

  it("admin-only domain calls behind the admin forms refuse a viewer", async () => {
    const r = await import("../../lib/registry");
    const viewer = await r.verifyToken(viewerToken);
    const before = await snapshot(stack.storageDir);
    const attempts = {
      createUser: () => r.createUser({ actor: viewer, input: { username: "mallory", password: "x" } }),
      setWorkspaceRole: () => r.setWorkspaceRole({ actor: viewer, input: { username: "viewer1", workspace: "Uncategorized", role: "ADMIN" } }),
      resetPassword: () => r.resetPassword({ actor: viewer, input: { username: "admin", password: "pwned" } }),
      createApiToken: () => r.createApiToken({ actor: viewer, input: { username: "admin", name: "steal" } }),
      revokeToken: () => r.revokeToken({ actor: viewer, id: 1 }),
      listTokens: () => r.listTokens({ actor: viewer }),
      createWebhook: () => r.createWebhook({ actor: viewer, input: { url: HOOK_URL, events: ["model.created"], workspace: "Uncategorized" } }),
      updateWebhook: () => r.updateWebhook({ actor: viewer, id: fx.webhookId, input: { enabled: true } }),
      rotateWebhookSecret: () => r.rotateWebhookSecret({ actor: viewer, id: fx.webhookId }),
      pingWebhook: () => r.pingWebhook({ actor: viewer, id: fx.webhookId }),
      deleteWebhook: () => r.deleteWebhook({ actor: viewer, id: fx.webhookId }),
      redeliver: () => r.redeliver({ actor: viewer, deliveryId: fx.deliveryId }),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      expect([name, await attempt().then(() => "OK", (e) => e.code)]).toEqual([name, "FORBIDDEN"]);
    }
    expect(await snapshot(stack.storageDir)).toEqual(before);
  });

  it("every mutating REST route answers 401 without a token and 403 to a viewer", async () => {
    const routes = restMutations();
    expect(routes.length).toBeGreaterThan(0);
    const anon = client(stack.baseUrl);
    const viewer = client(stack.baseUrl, viewerToken);
    const before = await snapshot(stack.storageDir);
    const got: Record<string, string> = {};
    const want: Record<string, string> = {};
    for (const { method, url, key } of routes) {
      const body = REST_BODIES[key]?.() ?? {};
      got[`anonymous ${key}`] = String((await anon(method, url, body)).status);
      want[`anonymous ${key}`] = "401";
      if (PUBLIC_REST.has(key) || SIGNED_IN_REST.has(key)) continue;
      got[`viewer ${key}`] = String((await viewer(method, url, body)).status);
      want[`viewer ${key}`] = "403";
    }
    expect(got).toEqual(want);
    expect(await snapshot(stack.storageDir)).toEqual(before);
  });
});

/** Routes anyone may call without being signed in (their refusal is the credential check). */
const PUBLIC_REST = new Set(["POST /api/v1/auth/login", "POST /api/v1/auth/logout"]);
/** Routes every signed-in user may call (anyone may create a workspace, as in Determined): refused without a token only. */
const SIGNED_IN_REST = new Set(["POST /api/v1/workspaces"]);
const REST_BODIES: Record<string, () => unknown> = {
  "POST /api/v1/auth/login": () => ({ username: "admin", password: "wrong" }),
  "POST /api/v1/models": () => ({ name: `rest-${Date.now()}` }),
  "PATCH /api/v1/models/[modelName]": () => ({ description: "changed" }),
  "POST /api/v1/models/[modelName]/versions": () => ({ checkpointUuid: fx.checkpoint }),
  "PATCH /api/v1/models/[modelName]/versions/[modelVersionNum]": () => ({ notes: "changed" }),
  "PATCH /api/v1/models/[modelName]/metadata": () => ({ set: { changed: true } }),
  "PATCH /api/v1/models/[modelName]/versions/[modelVersionNum]/metadata": () => ({ set: { changed: true } }),
  "POST /api/v1/checkpoints": () => ({ uuid: "00000000-0000-4000-8000-00000000abcd", training: { experimentName: "x" } }),
  "PUT /api/v1/models/[modelName]/aliases/[alias]": () => ({ version: fx.version, reason: "because" }),
  "DELETE /api/v1/models/[modelName]/aliases/[alias]": () => ({ reason: "because" }),
  "PUT /api/v1/models/[modelName]/aliases/[alias]/protection": () => ({ protected: true }),
  "POST /api/v1/models/[modelName]/move": () => ({ workspaceId: fx.workspaceId }),
  "POST /api/v1/workspaces": () => ({ name: `rest-ws-${Date.now()}` }),
  "PATCH /api/v1/workspaces/[workspaceId]": () => ({ name: `rest-renamed-${Date.now()}` }),
  "POST /api/v1/webhooks": () => ({ url: HOOK_URL, events: ["model.created"], workspace: "Uncategorized" }),
  "PATCH /api/v1/webhooks/[webhookId]": () => ({ enabled: true }),
};

/** Every POST/PUT/PATCH/DELETE exported by a route file, with its path filled in from the fixtures. */
function restMutations() {
  const root = path.resolve(import.meta.dirname, "../../app");
  // The /api/v1 catch-all only answers unknown paths with a JSON 404; it changes nothing.
  const files = fs.readdirSync(root, { recursive: true }).map(String)
    .filter((f) => /(^|\/)route\.ts$/.test(f) && !f.includes("[..."));
  const out: { method: string; url: string; key: string }[] = [];
  for (const f of files) {
    const src = fs.readFileSync(path.join(root, f), "utf8");
    const route = "/" + path.dirname(f).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).join("/");
    for (const m of src.matchAll(/export const (POST|PUT|PATCH|DELETE)\b/g)) {
      const url = route.replace("[modelName]", encodeURIComponent(fx.modelName)).replace("[modelVersionNum]", String(fx.version))
        .replace("[checkpointUuid]", fx.checkpoint).replace("[uuid]", fx.checkpoint).replace("[experimentId]", String(fx.experimentId))
        .replace("[alias]", "canary").replace("[workspaceId]", String(fx.workspaceId)).replace("[webhookId]", fx.webhookId).replace("[deliveryId]", fx.deliveryId);
      out.push({ method: m[1], url, key: `${m[1]} ${route}` });
    }
  }
  return out;
}
