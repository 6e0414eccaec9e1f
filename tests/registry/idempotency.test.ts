// Issue 11, idempotent writes (docs/decisions/035-idempotency-keys.md): a create that
// carries an Idempotency-Key commits the key's row in its own transaction, so the key
// exists exactly when the create committed; a second create with the key (retried,
// or racing the first on another instance) creates nothing; keys are per user and
// expire after 24 hours.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  RegistryError, createModel, findIdempotentReply, isKeyTaken, registerVersion, reportCheckpoint, saveIdempotentReply,
  setWorkspaceRole, sweepIdempotencyKeys, type Actor, type IdempotencyClaim,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

const claimFor = (body: unknown, path = "/api/v1/models", key = crypto.randomUUID()): IdempotencyClaim => ({
  key, method: "POST", path, requestHash: crypto.createHash("sha256").update(JSON.stringify(body)).digest("hex"),
});
const outcome = (p: Promise<unknown>) =>
  p.then(() => "created", (e) => (isKeyTaken(e) ? "key taken" : e instanceof RegistryError ? e.code : `THREW ${e}`));

async function editor(): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role: "EDITOR" } });
  return { userId: u.id, username: u.username, admin: false };
}

const keyRows = (key: string) => db().idempotencyKey.findMany({ where: { key } });

describe("Idempotency-Key in the domain", () => {
  it("the key row commits with the create and names what it made; a retry finds it and its stored answer, and creates nothing", async () => {
    const name = uniq("idem");
    const claim = claimFor({ name });
    expect(await findIdempotentReply({ actor: admin, claim })).toBeNull();
    const model = await createModel({ actor: admin, input: { name }, idempotency: claim });
    // Committed, answer not stored yet (as when the server dies right after the commit): the resource says what was made.
    expect(await findIdempotentReply({ actor: admin, claim })).toEqual({ resource: { type: "MODEL", id: String(model.id) }, status: null, response: null });
    await saveIdempotentReply({ actor: admin, claim, status: 200, response: { model: { id: model.id, name } } });
    expect(await findIdempotentReply({ actor: admin, claim })).toEqual({
      resource: { type: "MODEL", id: String(model.id) }, status: 200, response: { model: { id: model.id, name } },
    });
    // The first stored answer wins.
    await saveIdempotentReply({ actor: admin, claim, status: 200, response: { other: true } });
    expect((await findIdempotentReply({ actor: admin, claim }))?.response).toEqual({ model: { id: model.id, name } });

    const models = await db().model.count();
    const err = await createModel({ actor: admin, input: { name: uniq("other") }, idempotency: claim }).catch((e) => e);
    expect(isKeyTaken(err)).toBe(true);
    expect(await db().model.count()).toBe(models);
  });

  it("the same key with a different request is refused (422) with a clear message", async () => {
    const name = uniq("idem");
    const claim = claimFor({ name });
    await createModel({ actor: admin, input: { name }, idempotency: claim });
    const otherBody = { ...claimFor({ name: "else" }), key: claim.key };
    const err = await findIdempotentReply({ actor: admin, claim: otherBody }).catch((e) => e);
    expect([err.code, err.message]).toEqual(["UNPROCESSABLE", `Idempotency-Key "${claim.key}" was already used with a different request body; use a new key for a different request.`]);
    const otherRoute = { ...claim, path: "/api/v1/checkpoints" };
    const err2 = await findIdempotentReply({ actor: admin, claim: otherRoute }).catch((e) => e);
    expect([err2.code, err2.message]).toEqual(["UNPROCESSABLE", expect.stringContaining("was already used for POST /api/v1/models")]);
  });

  it("a create that fails leaves no key: the retry runs again", async () => {
    const m = await makeModel();
    const claim = claimFor({ name: m.name });
    expect(await outcome(createModel({ actor: admin, input: { name: m.name }, idempotency: claim }))).toBe("ALREADY_EXISTS");
    expect(await keyRows(claim.key)).toEqual([]);
    expect(await findIdempotentReply({ actor: admin, claim })).toBeNull();
  });

  it("concurrent registrations with one key (one group-commit batch and alone) create exactly one version", async () => {
    const [m, cp] = [await makeModel(), await makeCheckpoint()];
    const claim = claimFor({ checkpointUuid: cp.uuid }, `/api/v1/models/${m.name}/versions`);
    const others = Array.from({ length: 6 }, () => registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid }));
    const same = Array.from({ length: 10 }, () => registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, idempotency: claim }));
    const results = await Promise.all([...others, ...same].map(outcome));
    expect(results.slice(0, 6)).toEqual(Array(6).fill("created"));
    expect(results.slice(6).sort()).toEqual(["created", ...Array(9).fill("key taken")]);
    const versions = await db().modelVersion.findMany({ where: { modelId: m.id }, select: { version: true } });
    expect(versions.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await db().model.findUniqueOrThrow({ where: { id: m.id }, select: { numVersions: true, lastVersion: true } }))
      .toEqual({ numVersions: 7, lastVersion: 7 });
    const [row] = await keyRows(claim.key);
    expect(row).toMatchObject({ userId: admin.userId, resourceType: "MODEL_VERSION", path: claim.path });
    expect(versions.map((v) => `${m.id}/${v.version}`)).toContain(row.resourceId);
  });

  it("concurrent checkpoint reports with one key make one checkpoint", async () => {
    const experiment = uniq("exp");
    const claim = claimFor({ experiment }, "/api/v1/checkpoints");
    const results = await Promise.all(Array.from({ length: 8 }, () =>
      outcome(reportCheckpoint({ actor: admin, input: { experiment: { name: experiment } }, idempotency: claim }))));
    expect(results.sort()).toEqual(["created", ...Array(7).fill("key taken")]);
    const exp = await db().experiment.findFirstOrThrow({ where: { name: experiment } });
    expect(await db().checkpoint.count({ where: { experimentId: exp.id } })).toBe(1);
  });

  it("keys are per user: another user's same key is a different key", async () => {
    const ana = await editor();
    const claim = claimFor({ name: "shared" });
    await createModel({ actor: admin, input: { name: uniq("a") }, idempotency: claim });
    expect(await findIdempotentReply({ actor: ana, claim })).toBeNull();
    expect(await outcome(createModel({ actor: ana, input: { name: uniq("b") }, idempotency: claim }))).toBe("created");
    expect((await keyRows(claim.key)).map((r) => r.userId).sort()).toEqual([admin.userId, ana.userId].sort());
    // Only the owner stores an answer on a key.
    await saveIdempotentReply({ actor: ana, claim, status: 200, response: { by: "ana" } });
    expect((await findIdempotentReply({ actor: admin, claim }))?.response).toBeNull();
  });

  it("keys expire after 24 hours: then the key is free again, and the sweep removes old rows", async () => {
    const claim = claimFor({ name: "expiring" });
    const first = await createModel({ actor: admin, input: { name: uniq("exp1") }, idempotency: claim });
    await db().$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '23 hours 59 minutes' WHERE key = ${claim.key}`;
    expect((await findIdempotentReply({ actor: admin, claim }))?.resource.id).toBe(String(first.id));
    await db().$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '24 hours 1 minute' WHERE key = ${claim.key}`;
    expect(await findIdempotentReply({ actor: admin, claim })).toBeNull();
    // Reused after expiry: a new create, and the key now names it.
    const second = await createModel({ actor: admin, input: { name: uniq("exp2") }, idempotency: claim });
    expect((await findIdempotentReply({ actor: admin, claim }))?.resource.id).toBe(String(second.id));

    const old = claimFor({ name: "old" });
    await createModel({ actor: admin, input: { name: uniq("old") }, idempotency: old });
    await db().$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = ${old.key}`;
    expect(await sweepIdempotencyKeys()).toBeGreaterThanOrEqual(1);
    expect(await keyRows(old.key)).toEqual([]);
    expect(await keyRows(claim.key)).toHaveLength(1);
  });
});
