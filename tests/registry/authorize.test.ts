import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { db } from "../../lib/db/client";
import {
  ANONYMOUS, archiveModel, createModel, deleteCheckpoint, deleteModel, deleteVersion, getModel, listModelHistory,
  mergeModelMetadata, mergeVersionMetadata, registerVersion, reportCheckpoint, saveCheckpointFiles, setWorkspaceRole, unarchiveModel, updateModel,
  storageRoot, updateVersion, type Actor, type TRole,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

async function userWith(role: TRole | null): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  if (role) await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role } });
  return { userId: u.id, username: u.username, admin: false };
}

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));

/** Every domain mutation, against fresh objects, as a given actor. */
async function attempts() {
  const m = await makeModel({ metadata: { a: 1 } });
  const cp = await makeCheckpoint();
  const free = await makeCheckpoint();
  await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
  const fresh = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
  return {
    m, cps: [cp.uuid, free.uuid, fresh.uuid],
    list: {
      createModel: (a: Actor) => createModel({ actor: a, input: { name: uniq("new") } }),
      updateModel: (a: Actor) => updateModel({ actor: a, model: m.name, input: { description: "changed" } }),
      "mergeModelMetadata set": (a: Actor) => mergeModelMetadata({ actor: a, model: m.name, input: { set: { b: 2 } } }),
      "mergeModelMetadata remove": (a: Actor) => mergeModelMetadata({ actor: a, model: m.name, input: { remove: ["a"] } }),
      archiveModel: (a: Actor) => archiveModel({ actor: a, model: m.name }),
      unarchiveModel: (a: Actor) => unarchiveModel({ actor: a, model: m.name }),
      deleteModel: (a: Actor) => deleteModel({ actor: a, model: m.name }),
      registerVersion: (a: Actor) => registerVersion({ actor: a, model: m.name, checkpointUuid: free.uuid, input: {} }),
      updateVersion: (a: Actor) => updateVersion({ actor: a, model: m.name, version: 1, input: { notes: "x" } }),
      mergeVersionMetadata: (a: Actor) => mergeVersionMetadata({ actor: a, model: m.name, version: 1, input: { set: { k: 1 } } }),
      deleteVersion: (a: Actor) => deleteVersion({ actor: a, model: m.name, version: 1 }),
      reportCheckpoint: (a: Actor) => reportCheckpoint({ actor: a, input: { experiment: { name: uniq("exp") } } }),
      saveCheckpointFiles: (a: Actor) => saveCheckpointFiles({ actor: a, uuid: fresh.uuid, fill: async () => {} }),
      deleteCheckpoint: (a: Actor) => deleteCheckpoint({ actor: a, uuid: free.uuid }),
      setWorkspaceRole: (a: Actor) => setWorkspaceRole({ actor: a, input: { username: "determined", workspace: "Uncategorized", role: "ADMIN" } }),
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
    await mergeModelMetadata({ actor: editor, model: m.name, input: { set: { dataset_url: "s3://x" } } });
    expect((await listModelHistory(m.name)).events[0].summary).toBe(`${editor.username} added metadata key \`dataset_url\``);
    expect(await codeOf(deleteModel({ actor: editor, model: m.name }))).toBe("FORBIDDEN");
    expect(await codeOf(deleteModel({ actor: admin, model: m.name }))).toBe("OK");
  });

  it("a role in one workspace grants nothing in another", async () => {
    await db().workspace.upsert({ where: { name: "Other" }, update: {}, create: { name: "Other" } });
    const u = await db().user.create({ data: { username: uniq("user") } });
    await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Other", role: "editor" as never } });
    const actor = { userId: u.id, username: u.username, admin: false };
    expect(await codeOf(createModel({ actor, input: { name: uniq("m"), workspace: "Other" } }))).toBe("OK");
    const err = await createModel({ actor, input: { name: uniq("m") } }).catch((e) => e);
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toContain('editor role in workspace "Uncategorized"');
  });

  it("role changes are admin-only and recorded", async () => {
    const u = await userWith("VIEWER");
    await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role: "EDITOR" } });
    const events = await db().historyEvent.findMany({ where: { objectType: "ROLE", objectId: { startsWith: `${u.userId}/` } }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.changes)).toEqual([[{ field: "workspace.Uncategorized", after: "VIEWER" }], [{ field: "workspace.Uncategorized", before: "VIEWER", after: "EDITOR" }]]);
    expect(await codeOf(setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role: "OWNER" as never } }))).toBe("INVALID");
  });
});
