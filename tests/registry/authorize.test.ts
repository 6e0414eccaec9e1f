import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { db } from "../../lib/db/client";
import {
  ANONYMOUS, addMetadata, archiveModel, createModel, deleteCheckpoint, deleteModel, deleteVersion, getModel, listModelHistory,
  registerVersion, removeMetadata, reportCheckpoint, saveCheckpointFiles, setWorkspaceRole, unarchiveModel, updateModel,
  storageRoot, updateVersion, type Actor, type TRole,
} from "../../lib/registry";
import { makeCheckpoint, makeModel, uniq } from "../support/factories";

async function userWith(role: TRole | null): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  if (role) await setWorkspaceRole({ username: u.username, workspace: "Uncategorized", role });
  return { userId: u.id, username: u.username, admin: false };
}

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));

/** Every domain mutation, against fresh objects, as a given actor. */
async function attempts() {
  const m = await makeModel({ metadata: { a: 1 } });
  const cp = await makeCheckpoint();
  const free = await makeCheckpoint();
  await registerVersion(m.name, cp.uuid);
  const fresh = await reportCheckpoint({ experiment: { name: uniq("exp") } });
  return {
    m, cps: [cp.uuid, free.uuid, fresh.uuid],
    list: {
      createModel: (a: Actor) => createModel({ name: uniq("new") }, a),
      updateModel: (a: Actor) => updateModel(m.name, { description: "changed" }, a),
      addMetadata: (a: Actor) => addMetadata(m.name, { b: 2 }, a),
      removeMetadata: (a: Actor) => removeMetadata(m.name, ["a"], a),
      archiveModel: (a: Actor) => archiveModel(m.name, a),
      unarchiveModel: (a: Actor) => unarchiveModel(m.name, a),
      deleteModel: (a: Actor) => deleteModel(m.name, a),
      registerVersion: (a: Actor) => registerVersion(m.name, free.uuid, {}, a),
      updateVersion: (a: Actor) => updateVersion(m.name, 1, { notes: "x" }, a),
      deleteVersion: (a: Actor) => deleteVersion(m.name, 1, a),
      reportCheckpoint: (a: Actor) => reportCheckpoint({ experiment: { name: uniq("exp") } }, a),
      saveCheckpointFiles: (a: Actor) => saveCheckpointFiles(fresh.uuid, async () => {}, a),
      deleteCheckpoint: (a: Actor) => deleteCheckpoint(free.uuid, a),
      setWorkspaceRole: (a: Actor) => setWorkspaceRole({ username: "determined", workspace: "Uncategorized", role: "ADMIN" }, a),
    } as Record<string, (a: Actor) => Promise<unknown>>,
  };
}

async function state(modelName: string, cps: string[]) {
  const [model, checkpoints, history, models, roles] = await Promise.all([
    getModel(modelName),
    db().checkpoint.findMany({ where: { uuid: { in: cps } }, orderBy: { uuid: "asc" } }),
    db().historyEvent.count(),
    db().model.count(),
    db().workspaceRole.findMany({ orderBy: [{ userId: "asc" }, { workspaceId: "asc" }] }),
  ]);
  const storage = fs.readdirSync(storageRoot()).sort();
  return { model, checkpoints, history, models, roles, storage, versions: await db().modelVersion.count({ where: { modelId: model.id } }) };
}

describe("authorize: the domain refuses mutations by role", () => {
  it.each([
    ["anonymous", null, "UNAUTHENTICATED"],
    ["a user without a role", "none", "FORBIDDEN"],
    ["a viewer", "VIEWER", "FORBIDDEN"],
  ] as const)("%s can change nothing, and nothing changes", async (_label, role, code) => {
    const actor = role === null ? ANONYMOUS : await userWith(role === "none" ? null : role);
    const { m, cps, list } = await attempts();
    const before = await state(m.name, cps);
    for (const [name, attempt] of Object.entries(list)) {
      expect([name, await codeOf(attempt(actor))]).toEqual([name, code]);
    }
    expect(await state(m.name, cps)).toEqual(before);
  });

  it("an editor edits, registers and archives, but cannot delete or manage roles", async () => {
    const editor = await userWith("EDITOR");
    const { list } = await attempts();
    const results = Object.fromEntries(await Promise.all(
      Object.entries(list).map(async ([name, attempt]) => [name, await codeOf(attempt(editor))] as const),
    ));
    expect(results).toMatchObject({
      createModel: "OK", reportCheckpoint: "OK", saveCheckpointFiles: "OK",
      deleteCheckpoint: "FORBIDDEN", setWorkspaceRole: "FORBIDDEN",
    });
  });

  it("an editor's edit is recorded under their name; a workspace admin may delete", async () => {
    const editor = await userWith("EDITOR");
    const admin = await userWith("ADMIN");
    const m = await makeModel();
    await addMetadata(m.name, { dataset_url: "s3://x" }, editor);
    expect((await listModelHistory(m.name)).events[0].summary).toBe(`${editor.username} added metadata key \`dataset_url\``);
    expect(await codeOf(deleteModel(m.name, editor))).toBe("FORBIDDEN");
    expect(await codeOf(deleteModel(m.name, admin))).toBe("OK");
  });

  it("a role in one workspace grants nothing in another", async () => {
    await db().workspace.upsert({ where: { name: "Other" }, update: {}, create: { name: "Other" } });
    const u = await db().user.create({ data: { username: uniq("user") } });
    await setWorkspaceRole({ username: u.username, workspace: "Other", role: "editor" as never });
    const actor = { userId: u.id, username: u.username, admin: false };
    expect(await codeOf(createModel({ name: uniq("m"), workspace: "Other" }, actor))).toBe("OK");
    const err = await createModel({ name: uniq("m") }, actor).catch((e) => e);
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toContain('editor role in workspace "Uncategorized"');
  });

  it("role changes are admin-only and recorded", async () => {
    const u = await userWith("VIEWER");
    await setWorkspaceRole({ username: u.username, workspace: "Uncategorized", role: "EDITOR" });
    const events = await db().historyEvent.findMany({ where: { objectType: "ROLE", objectId: { startsWith: `${u.userId}/` } }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.changes)).toEqual([[{ field: "workspace.Uncategorized", after: "VIEWER" }], [{ field: "workspace.Uncategorized", before: "VIEWER", after: "EDITOR" }]]);
    expect(await codeOf(setWorkspaceRole({ username: u.username, workspace: "Uncategorized", role: "OWNER" as never }))).toBe("INVALID");
  });
});
