import { afterEach, describe, expect, it, vi } from "vitest";
import { archiveModel, getVersion } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

// Outside a Next request there is no cache to revalidate and no session cookie: these
// tests are about parsing and error mapping, so the actor is the signed-in admin.
// (Refusals for anonymous users and viewers: tests/stack/refused.test.ts.)
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
const session = vi.hoisted(() => ({ anonymous: false }));
vi.mock("@/lib/auth/current-actor", async () => {
  const { ANONYMOUS } = await import("../../lib/registry/actor");
  const { adminActor } = await import("../support/actors");
  return { currentActor: () => (session.anonymous ? ANONYMOUS : adminActor()) };
});
const { registerCheckpointAction, searchModelsAction } = await import("../../app/experiments/actions");

describe("registerCheckpointAction", () => {
  it("registers the checkpoint as the model's next version and returns where it went", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const r = await registerCheckpointAction({ model: m.id, checkpointUuid: cp.uuid, name: "first", labels: [" a ", "a"], metadata: { k: 1 } });
    expect(r).toEqual({ ok: true, data: { modelName: m.name, version: 1 } });
    expect(await getVersion(m.id, 1)).toMatchObject({ name: "first", labels: ["a"], metadata: { k: 1 } });
  });

  it("returns field errors for bad input and a message for an archived model, never throws", async () => {
    const m = await makeModel();
    const bad = await registerCheckpointAction({ model: m.id, checkpointUuid: "nope", metadata: [] as unknown as Record<string, unknown> });
    expect(bad).toMatchObject({ ok: false, code: "INVALID" });
    if (bad.ok) return;
    expect(Object.keys(bad.fieldErrors).sort()).toEqual(["checkpointUuid", "metadata"]);

    const cp = await makeCheckpoint();
    await archiveModel({ actor: admin, model: m.id });
    const archived = await registerCheckpointAction({ model: m.id, checkpointUuid: cp.uuid });
    expect(archived).toMatchObject({ ok: false, message: expect.stringMatching(/archived/) });
    const missing = await registerCheckpointAction({ model: uniq("absent"), checkpointUuid: cp.uuid });
    expect(missing).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

afterEach(() => {
  session.anonymous = false;
});

describe("searchModelsAction", () => {
  it("tells anonymous callers to sign in instead of listing models", async () => {
    await makeModel();
    session.anonymous = true;
    expect(await searchModelsAction({ query: "" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await registerCheckpointAction({ model: 1, checkpointUuid: (await makeCheckpoint()).uuid })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  it("finds unarchived models by name, most recently updated first", async () => {
    const tag = uniq("pick");
    const older = await makeModel({ name: `${tag}-older` });
    const archived = await makeModel({ name: `${tag}-archived` });
    await archiveModel({ actor: admin, model: archived.id });
    const newer = await makeModel({ name: `${tag}-newer` });
    const r = await searchModelsAction({ query: tag.toUpperCase() });
    expect(r.ok && r.data.map((m) => m.name)).toEqual([newer.name, older.name]);
    expect(r.ok && r.data[0]).toMatchObject({ numVersions: 0, lastVersion: 0 });
  });
});
