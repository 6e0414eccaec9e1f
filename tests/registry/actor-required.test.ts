// Issue 10, "the actor is required": every mutation lib/registry exports, called
// without an actor (through a cast, as plain JavaScript or a forgotten argument
// could), is refused, and nothing in the database or the checkpoint storage changes.
// The lists below must cover every export, so a new mutation is covered (or this
// test fails until someone says what it is).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import * as registry from "../../lib/registry";
import { RegistryError, type Actor } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";
import { rawTarGz } from "../support/raw-tar";

type Call = (actor: Actor) => Promise<unknown>;

process.env.MREG_WEBHOOK_KEY ||= "0".repeat(64); // webhooks refuse to store a secret without a key

/** Fresh objects for one mutation, and the call itself with everything but the actor valid. */
const MUTATIONS: Record<string, () => Promise<Call>> = {
  createModel: async () => (actor) => registry.createModel({ actor, input: { name: uniq("m") } }),
  updateModel: async () => {
    const m = await makeModel();
    return (actor) => registry.updateModel({ actor, model: m.name, input: { description: "changed" } });
  },
  mergeModelMetadata: async () => {
    const m = await makeModel({ metadata: { a: 1 } });
    return (actor) => registry.mergeModelMetadata({ actor, model: m.name, input: { set: { b: 2 }, remove: ["a"] } });
  },
  archiveModel: async () => {
    const m = await makeModel();
    return (actor) => registry.archiveModel({ actor, model: m.id });
  },
  unarchiveModel: async () => {
    const m = await makeModel();
    await registry.archiveModel({ actor: admin, model: m.id });
    return (actor) => registry.unarchiveModel({ actor, model: m.id });
  },
  deleteModel: async () => {
    const m = await makeModel();
    return (actor) => registry.deleteModel({ actor, model: m.id });
  },
  registerVersion: async () => {
    const [m, cp] = [await makeModel(), await makeCheckpoint()];
    return (actor) => registry.registerVersion({ actor, model: m.id, checkpointUuid: cp.uuid });
  },
  updateVersion: async () => {
    const v = await versionFixture();
    return (actor) => registry.updateVersion({ actor, model: v.model, version: 1, input: { notes: "changed" } });
  },
  mergeVersionMetadata: async () => {
    const v = await versionFixture();
    return (actor) => registry.mergeVersionMetadata({ actor, model: v.model, version: 1, input: { set: { k: 1 } } });
  },
  deleteVersion: async () => {
    const v = await versionFixture();
    return (actor) => registry.deleteVersion({ actor, model: v.model, version: 1 });
  },
  setAlias: async () => {
    const v = await versionFixture();
    return (actor) => registry.setAlias({ actor, model: v.model, alias: "staging", input: { version: 1 } });
  },
  removeAlias: async () => {
    const v = await versionFixture();
    await registry.setAlias({ actor: admin, model: v.model, alias: "staging", input: { version: 1 } });
    return (actor) => registry.removeAlias({ actor, model: v.model, alias: "staging" });
  },
  setAliasProtection: async () => {
    const v = await versionFixture();
    return (actor) => registry.setAliasProtection({ actor, model: v.model, alias: "staging", input: { protected: true } });
  },
  reportCheckpoint: async () => (actor) => registry.reportCheckpoint({ actor, input: { experiment: { name: uniq("exp") } } }),
  saveCheckpointFiles: async () => {
    const cp = await activeCheckpoint();
    return (actor) => registry.saveCheckpointFiles({ actor, uuid: cp, fill: async (dir) => fs.writeFileSync(`${dir}/w.bin`, "w") });
  },
  storeCheckpointArchive: async () => {
    const cp = await activeCheckpoint();
    return (actor) => registry.storeCheckpointArchive({ actor, uuid: cp, archive: Readable.from([rawTarGz([{ name: "w.bin", body: "w" }])]) });
  },
  deleteCheckpoint: async () => {
    const cp = await makeCheckpoint();
    return (actor) => registry.deleteCheckpoint({ actor, uuid: cp.uuid });
  },
  setWorkspaceRole: async () => {
    const u = await plainUser();
    return (actor) => registry.setWorkspaceRole({ actor, input: { username: u, workspace: "Uncategorized", role: "EDITOR" } });
  },
  createUser: async () => (actor) => registry.createUser({ actor, input: { username: uniq("u"), password: "pw" } }),
  resetPassword: async () => {
    const u = await plainUser();
    return (actor) => registry.resetPassword({ actor, input: { username: u, password: "new-pw" } });
  },
  createApiToken: async () => {
    const u = await plainUser();
    return (actor) => registry.createApiToken({ actor, input: { username: u, name: "ci" } });
  },
  revokeToken: async () => {
    const { info } = await registry.createApiToken({ actor: admin, input: { username: await plainUser(), name: "ci" } });
    return (actor) => registry.revokeToken({ actor, id: info.id });
  },
  // Checkpoint integrity (decisions 071, 072): each fixture first closes any run left RUNNING.
  backfillDigests: async () => (actor) => registry.backfillDigests({ actor }),
  startStorageVerification: async () => {
    await noRunningVerification();
    return (actor) => registry.startStorageVerification({ actor });
  },
  runStorageVerification: async () => {
    await noRunningVerification();
    const run = await registry.startStorageVerification({ actor: admin });
    return (actor) => registry.runStorageVerification({ actor, runId: run.id });
  },
  verifyStorage: async () => {
    await noRunningVerification();
    return (actor) => registry.verifyStorage({ actor });
  },
  startStorageVerificationInBackground: async () => {
    await noRunningVerification();
    return async (actor) => {
      const run = await registry.startStorageVerificationInBackground({ actor, log: () => {} });
      // The run goes on in the background: wait for it, so it does not overlap the next case.
      while ((await db().storageVerification.findUniqueOrThrow({ where: { id: run.id } })).status === "RUNNING") await new Promise((r) => setTimeout(r, 50));
    };
  },
  moveModel: async () => {
    const [m, ws] = [await makeModel(), await registry.createWorkspace({ actor: admin, input: { name: uniq("ws") } })];
    return (actor) => registry.moveModel({ actor, model: m.id, input: { workspaceId: ws.id } });
  },
  createWorkspace: async () => (actor) => registry.createWorkspace({ actor, input: { name: uniq("ws") } }),
  renameWorkspace: async () => {
    const ws = await registry.createWorkspace({ actor: admin, input: { name: uniq("ws") } });
    return (actor) => registry.renameWorkspace({ actor, workspace: ws.id, input: { name: uniq("renamed") } });
  },
  archiveWorkspace: async () => {
    const ws = await registry.createWorkspace({ actor: admin, input: { name: uniq("ws") } });
    return (actor) => registry.archiveWorkspace({ actor, workspace: ws.id });
  },
  unarchiveWorkspace: async () => {
    const ws = await registry.createWorkspace({ actor: admin, input: { name: uniq("ws") } });
    await registry.archiveWorkspace({ actor: admin, workspace: ws.id });
    return (actor) => registry.unarchiveWorkspace({ actor, workspace: ws.id });
  },
  deleteWorkspace: async () => {
    const ws = await registry.createWorkspace({ actor: admin, input: { name: uniq("ws") } });
    return (actor) => registry.deleteWorkspace({ actor, workspace: ws.id });
  },
  createWebhook: async () => (actor) => registry.createWebhook({ actor, input: { url: "https://93.184.215.14/hook", events: ["model.created"] } }),
  updateWebhook: async () => {
    const id = await webhookFixture();
    return (actor) => registry.updateWebhook({ actor, id, input: { enabled: false } });
  },
  deleteWebhook: async () => {
    const id = await webhookFixture();
    return (actor) => registry.deleteWebhook({ actor, id });
  },
  rotateWebhookSecret: async () => {
    const id = await webhookFixture();
    return (actor) => registry.rotateWebhookSecret({ actor, id });
  },
  pingWebhook: async () => {
    const id = await webhookFixture();
    return (actor) => registry.pingWebhook({ actor, id });
  },
  redeliver: async () => {
    const id = await webhookFixture();
    const { deliveryId } = await registry.pingWebhook({ actor: admin, id });
    return (actor) => registry.redeliver({ actor, deliveryId });
  },
  // Webhook reads take the actor too: they show only the subscriptions it manages.
  listWebhooks: async () => (actor) => registry.listWebhooks({ actor }),
  getWebhook: async () => {
    const id = await webhookFixture();
    return (actor) => registry.getWebhook({ actor, id });
  },
  listDeliveries: async () => (actor) => registry.listDeliveries({ actor, query: {} }),
  saveIdempotentReply: async () => {
    const claim = { key: uniq("key"), method: "POST", path: "/api/v1/models", requestHash: "h" };
    await registry.createModel({ actor: admin, input: { name: uniq("m") }, idempotency: claim });
    return (actor) => registry.saveIdempotentReply({ actor, claim, status: 200, response: { stored: true } });
  },
  // Administrators' reads: refused like the mutations (they show other users' tokens and roles).
  listUsers: async () => (actor) => registry.listUsers({ actor }),
  listTokens: async () => (actor) => registry.listTokens({ actor }),
  listWorkspaceRoles: async () => (actor) => registry.listWorkspaceRoles({ actor }),
  latestStorageVerification: async () => (actor) => registry.latestStorageVerification({ actor }),
  storageUsage: async () => (actor) => registry.storageUsage({ actor }),
  migrateStorage: async () => {
    await makeCheckpoint();
    const to = fs.mkdtempSync(path.join(os.tmpdir(), "mreg-actor-migrate-"));
    return (actor) => registry.migrateStorage({ actor, to });
  },
};

async function noRunningVerification() {
  await db().storageVerification.updateMany({ where: { status: "RUNNING" }, data: { status: "INTERRUPTED" } });
}

// No delivery worker runs here; the subscriptions go afterwards so no other test's worker meets them.
afterAll(() => db().webhookSubscription.deleteMany({ where: { url: "https://93.184.215.14/hook" } }));

/** A subscription (to an address that is never contacted: it is disabled). */
async function webhookFixture(): Promise<string> {
  const { webhook } = await registry.createWebhook({ actor: admin, input: { url: "https://93.184.215.14/hook", events: ["model.created"], enabled: false } });
  return webhook.id;
}

/** Exports that change nothing, or that are how a caller becomes an actor at all. */
const NOT_MUTATIONS = new Set([
  // reads (edge(): no actor, open to anyone the adapters let in)
  "webhookKeyConfigured",
  "getModel", "listModels", "listModelLabels", "getVersion", "listVersions", "getCheckpoint", "listCheckpointVersions",
  "listCheckpoints", "streamCheckpointArchive", "openCheckpointDownload", "getExperiment", "listExperiments", "listTrials", "listExperimentMetricNames",
  "listHistory", "listModelHistory", "listVersionHistory", "getUser", "getWorkspace", "listWorkspaceNames",
  "getAlias", "listAliases", "listAliasNamesInUse", "getModelAt", "resolveVersionRef", "aliasTimeline",
  "compareVersions", "compareSection", "metricSeries", "listModelMetricNames",
  "modelStorageUsage", "storageLocationNow", // the caller checked the model is readable (readableModel); where new files go
  "myRoles", // no actor: no roles
  // reads scoped to what the reader may see (no reader: the default workspace only)
  "listWorkspaces", "readWorkspace", "readScope", "readableModel", "assertCanRead",
  // credentials: the token or password is the authority (login issues a token, logout ends the one given)
  "login", "logout", "verifyToken", "assertSignInAllowed",
  // start-up: creates the rows systemActor() stands on; removes unfinished uploads' temporary folders
  "ensureDefaults", "cleanupTemporaryFiles", "systemActor",
  // start-up: the digest backfill in the background, as systemActor("digest backfill")
  "startDigestBackfill",
  // a read of the caller's own Idempotency-Key (its actor only scopes it); the sweep of expired keys
  "findIdempotentReply", "sweepIdempotencyKeys",
  // pure helpers
  "RegistryError", "notFound", "parse", "translateDbError", "isConnectionError", "escapeLike", "summarizeHistoryEvent",
  "clientHash", "hasRole", "mayDelete", "deleteRuleText", "signedIn", "isKeyTaken", "registryProtectedAliases", "storageRoot", "checkpointDir", "computeResources", "currentStorage", "openStorage", "configuredStorageUrl", "listCheckpointFiles",
]);

const NO_ACTOR: [string, (call: Call) => Promise<unknown>][] = [
  ["omitted", (call) => call(undefined as never)],
  ["null", (call) => call(null as never)],
  ["an empty object", (call) => call({} as never)],
  ["a user id without a name", (call) => call({ userId: admin.userId } as never)],
];

async function versionFixture() {
  const [m, cp] = [await makeModel(), await makeCheckpoint()];
  await registry.registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
  return { model: m.name };
}
async function activeCheckpoint() {
  return (await registry.reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } })).uuid;
}
async function plainUser() {
  const username = uniq("u");
  await db().user.create({ data: { username } });
  return username;
}

/** Every row of every table, and the files in checkpoint storage, as one comparable value. */
async function everything() {
  const tables = await db().$queryRaw<{ t: string }[]>`
    SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`;
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [row] = await db().$queryRawUnsafe<{ n: bigint; digest: string | null }[]>(
      `SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest FROM "${t}" x`);
    out[t] = `${row.n}:${row.digest}`;
  }
  out.storage = fs.readdirSync(registry.storageRoot(), { recursive: true }).map(String).sort().join(",");
  return out;
}

describe("every exported mutation requires an actor", () => {
  it("the lists cover every function lib/registry exports, and only those", () => {
    const exported = Object.entries(registry).filter(([, v]) => typeof v === "function").map(([k]) => k);
    expect(exported.filter((k) => !(k in MUTATIONS) && !NOT_MUTATIONS.has(k)).sort()).toEqual([]);
    expect([...Object.keys(MUTATIONS), ...NOT_MUTATIONS].filter((k) => !exported.includes(k))).toEqual([]);
  });

  it.each(Object.keys(MUTATIONS))("%s without an actor is refused and changes nothing", async (name) => {
    const call = await MUTATIONS[name]();
    const before = await everything();
    for (const [how, attempt] of NO_ACTOR) {
      const outcome = await attempt(call).then(() => "succeeded", (e) => (e instanceof RegistryError ? e.code : `threw ${e}`));
      expect([how, outcome]).toEqual([how, "UNAUTHENTICATED"]);
    }
    expect(await everything()).toEqual(before);
    // The same call with an actor goes through: the refusal above was the missing actor's.
    await expect(call(admin)).resolves.not.toThrow();
  });

  it("a forged actor object is not the system actor: it is refused like any user without a role", async () => {
    const m = await makeModel();
    const forged = { userId: 2 ** 31 - 1, username: "system", admin: false, system: "forged" } as Actor;
    const err = await registry.deleteModel({ actor: forged, model: m.id }).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.code).toBe("FORBIDDEN");
  });

  it("the system actor is the built-in administrator, marked with its job, and its changes are recorded under admin", async () => {
    const actor = await registry.systemActor("test job");
    expect(actor).toMatchObject({ username: "admin", admin: true, system: "test job", userId: admin.userId });
    const m = await registry.createModel({ actor, input: { name: uniq("sys") } });
    expect((await registry.listModelHistory(m.id)).events[0]).toMatchObject({ username: "admin", action: "CREATE" });
  });
});

describe("lists of users, tokens and roles are for administrators", () => {
  it("refuses a signed-in user who is not an administrator", async () => {
    const u = await db().user.create({ data: { username: uniq("u") } });
    const user: Actor = { userId: u.id, username: u.username, admin: false };
    for (const list of [registry.listUsers, registry.listTokens, registry.listWorkspaceRoles]) {
      expect(await list({ actor: user }).then(() => "OK", (e) => e.code)).toBe("FORBIDDEN");
    }
  });
});
