// Issue 16: workspaces (create, rename, archive, delete only when empty), models moving
// between them with edit rights in both, reads scoped to the workspaces a user holds a
// role in, and the delete rule as Determined has it (creators delete their own).
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  archiveWorkspace, createModel, createWorkspace, deleteModel, deleteVersion, deleteWorkspace, getModel, listModelHistory,
  listExperiments, listModelLabels, listModels, listWorkspaces, moveModel, readableModel, readWorkspace, registerVersion, renameWorkspace, setWorkspaceRole, unarchiveWorkspace,
  updateModel, type Actor, type TRole,
} from "../../lib/registry";
import { admin, makeCheckpoint, uniq } from "../support/factories";

async function user(): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  return { userId: u.id, username: u.username, admin: false };
}
async function grant(who: Actor, workspace: string, role: TRole) {
  await setWorkspaceRole({ actor: admin, input: { username: who.username, workspace, role } });
}
const workspace = (name = uniq("ws")) => createWorkspace({ actor: admin, input: { name } });
const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));
const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal"); }, (e) => e);

describe("workspaces", () => {
  it("any signed-in user creates one, owns it and is its admin; names are unique and checked", async () => {
    const alice = await user();
    const ws = await createWorkspace({ actor: alice, input: { name: uniq("vision") } });
    expect(ws).toMatchObject({ userId: alice.userId, username: alice.username, archived: false, immutable: false, numModels: 0 });
    expect(await db().workspaceRole.findUnique({ where: { userId_workspaceId: { userId: alice.userId, workspaceId: ws.id } } }))
      .toMatchObject({ role: "ADMIN" });
    const events = await db().historyEvent.findMany({ where: { OR: [{ objectType: "WORKSPACE", objectId: String(ws.id) }, { objectType: "ROLE", objectId: `${alice.userId}/${ws.id}` }] } });
    expect(events.map((e) => e.action).sort()).toEqual(["CREATE", "ROLE_SET"]);
    // As its admin she may create models there without asking anyone.
    await expect(createModel({ actor: alice, input: { name: uniq("m"), workspace: ws.name } })).resolves.toMatchObject({ workspaceId: ws.id });
    expect(await codeOf(createWorkspace({ actor: alice, input: { name: ws.name } }))).toBe("ALREADY_EXISTS");
    for (const bad of ["", " padded", "a/b", "1234", "x".repeat(81)]) {
      expect(await codeOf(createWorkspace({ actor: alice, input: { name: bad } })), bad).toBe("INVALID");
    }
  });

  it("its admins rename, archive and unarchive it; editors and others may not; the default workspace stays as it is", async () => {
    const ws = await workspace();
    const [editor, stranger, wsAdmin] = [await user(), await user(), await user()];
    await grant(editor, ws.name, "EDITOR");
    await grant(wsAdmin, ws.name, "ADMIN");
    for (const who of [editor, stranger]) {
      expect(await codeOf(renameWorkspace({ actor: who, workspace: ws.id, input: { name: uniq("x") } }))).toBe("FORBIDDEN");
      expect(await codeOf(archiveWorkspace({ actor: who, workspace: ws.id }))).toBe("FORBIDDEN");
      expect(await codeOf(deleteWorkspace({ actor: who, workspace: ws.id }))).toBe("FORBIDDEN");
    }
    const renamed = uniq("renamed");
    await expect(renameWorkspace({ actor: wsAdmin, workspace: ws.id, input: { name: renamed } })).resolves.toMatchObject({ name: renamed });
    await expect(archiveWorkspace({ actor: wsAdmin, workspace: renamed })).resolves.toMatchObject({ archived: true });
    await expect(unarchiveWorkspace({ actor: wsAdmin, workspace: ws.id })).resolves.toMatchObject({ archived: false });
    const actions = (await db().historyEvent.findMany({ where: { objectType: "WORKSPACE", objectId: String(ws.id) }, orderBy: { id: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["CREATE", "UPDATE", "ARCHIVE", "UNARCHIVE"]);
    for (const change of [
      () => renameWorkspace({ actor: admin, workspace: "Uncategorized", input: { name: uniq("nope") } }),
      () => archiveWorkspace({ actor: admin, workspace: "Uncategorized" }),
      () => deleteWorkspace({ actor: admin, workspace: "Uncategorized" }),
    ]) expect(await codeOf(change())).toBe("FAILED_PRECONDITION");
  });

  it("deletes only an empty workspace; a non-empty one says how many models it holds and nothing changes", async () => {
    const ws = await workspace();
    const member = await user();
    await grant(member, ws.name, "VIEWER");
    for (let i = 0; i < 2; i++) await createModel({ actor: admin, input: { name: uniq("held"), workspace: ws.name } });
    const err = await errorOf(deleteWorkspace({ actor: admin, workspace: ws.id }));
    expect(err.code).toBe("FAILED_PRECONDITION");
    expect(err.message).toContain("holds 2 models");
    expect(await db().workspace.findUnique({ where: { id: ws.id } })).not.toBeNull();
    expect(await db().workspaceRole.count({ where: { workspaceId: ws.id } })).toBe(2);

    const empty = await workspace();
    await grant(member, empty.name, "EDITOR");
    await deleteWorkspace({ actor: admin, workspace: empty.id });
    expect(await db().workspace.findUnique({ where: { id: empty.id } })).toBeNull();
    expect(await db().workspaceRole.count({ where: { workspaceId: empty.id } })).toBe(0);
    expect(await db().historyEvent.count({ where: { objectType: "WORKSPACE", objectId: String(empty.id), action: "DELETE" } })).toBe(1);
    expect(await codeOf(deleteWorkspace({ actor: admin, workspace: empty.id }))).toBe("NOT_FOUND");
  });

  it("an archived workspace takes no new models, created or moved in", async () => {
    const ws = await workspace();
    const m = await createModel({ actor: admin, input: { name: uniq("m") } });
    await archiveWorkspace({ actor: admin, workspace: ws.id });
    expect(await codeOf(createModel({ actor: admin, input: { name: uniq("m"), workspace: ws.name } }))).toBe("FAILED_PRECONDITION");
    expect(await codeOf(moveModel({ actor: admin, model: m.id, input: { workspaceId: ws.id } }))).toBe("FAILED_PRECONDITION");
    expect((await getModel(m.id)).workspaceName).toBe("Uncategorized");
  });
});

describe("moving a model", () => {
  it("needs edit rights in the workspace it leaves and the one it enters, and is recorded as a MOVE", async () => {
    const [from, to] = [await workspace(), await workspace()];
    const bob = await user();
    await grant(bob, from.name, "EDITOR");
    await grant(bob, to.name, "VIEWER");
    const m = await createModel({ actor: bob, input: { name: uniq("m"), workspace: from.name } });
    const refused = await errorOf(moveModel({ actor: bob, model: m.name, input: { workspaceName: to.name } }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain(`editor role in workspace "${to.name}"`);
    // The SDK's Model.move_to_workspace() is a PATCH naming the workspace: the same rule.
    expect(await codeOf(updateModel({ actor: bob, model: m.name, input: { workspace: to.name } }))).toBe("FORBIDDEN");
    expect((await getModel(m.id)).workspaceId).toBe(from.id);

    await grant(bob, to.name, "EDITOR");
    await grant(bob, from.name, "VIEWER");
    expect(await codeOf(moveModel({ actor: bob, model: m.name, input: { workspaceName: to.name } }))).toBe("FORBIDDEN");
    await grant(bob, from.name, "EDITOR");
    const moved = await moveModel({ actor: bob, model: m.name, input: { workspaceId: to.id } });
    expect(moved).toMatchObject({ workspaceId: to.id, workspaceName: to.name, revision: m.revision + 1 });
    const [event] = (await listModelHistory(m.id)).events;
    expect(event).toMatchObject({ action: "MOVE", username: bob.username, changes: [{ field: "workspaceName", before: from.name, after: to.name }] });
    expect(event.summary).toBe(`${bob.username} moved the model from workspace ${from.name} to ${to.name}`);
    // Back through the PATCH path, with another field in the same request.
    const back = await updateModel({ actor: bob, model: m.name, input: { workspace: from.name, description: "home again", expectedRevision: moved.revision } });
    expect(back).toMatchObject({ workspaceId: from.id, description: "home again" });
    expect((await listModelHistory(m.id)).events.slice(0, 2).map((e) => e.action)).toEqual(["UPDATE", "MOVE"]);
    expect(await codeOf(moveModel({ actor: bob, model: m.name, input: { workspaceName: uniq("nowhere") } }))).toBe("NOT_FOUND");
    expect(await codeOf(moveModel({ actor: bob, model: m.name, input: {} }))).toBe("INVALID");
  });
});

describe("reading by workspace", () => {
  it("a viewer in one workspace and an editor in another sees both (and the default one), edits only the second, and never sees a third", async () => {
    const [vision, nlp, secret] = [await workspace(uniq("vision")), await workspace(uniq("nlp")), await workspace(uniq("secret"))];
    const carol = await user();
    await grant(carol, vision.name, "VIEWER");
    await grant(carol, nlp.name, "EDITOR");
    const tag = uniq("scoped");
    for (const ws of [vision, nlp, secret]) await createModel({ actor: admin, input: { name: `${tag}-${ws.name}`, workspace: ws.name } });
    await createModel({ actor: admin, input: { name: `${tag}-default` } });

    const seen = await listModels({ reader: carol, name: tag, limit: 0 });
    expect(seen.models.map((m) => m.name).sort()).toEqual([`${tag}-${nlp.name}`, `${tag}-${vision.name}`, `${tag}-default`].sort());
    expect(seen.total).toBe(3);
    expect((await listModels({ reader: carol, name: tag, sortBy: "workspace", limit: 0 })).total).toBe(3);
    expect((await listModels({ reader: carol, workspaceNames: [secret.name], limit: 0 })).total).toBe(0);
    expect((await listModels({ reader: admin, name: tag, limit: 0 })).total).toBe(4);
    // The unfiltered total is hers too, not the kept count of every model.
    expect((await listModels({ reader: carol, limit: 1 })).total).toBeLessThan((await listModels({ reader: admin, limit: 1 })).total);

    expect(await codeOf(createModel({ actor: carol, input: { name: uniq("m"), workspace: nlp.name } }))).toBe("OK");
    expect(await codeOf(createModel({ actor: carol, input: { name: uniq("m"), workspace: vision.name } }))).toBe("FORBIDDEN");
    expect(await codeOf(updateModel({ actor: carol, model: `${tag}-${vision.name}`, input: { description: "x" } }))).toBe("FORBIDDEN");

    const names = (await listWorkspaces({ reader: carol })).map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(["Uncategorized", vision.name, nlp.name]));
    expect(names).not.toContain(secret.name);
    expect(await codeOf(readWorkspace({ reader: carol, workspace: secret.id }))).toBe("NOT_FOUND");
    // Label and alias names in use follow it too (the filters' choices).
    const label = uniq("secret-label");
    await updateModel({ actor: admin, model: `${tag}-${secret.name}`, input: { labels: [label] } });
    expect(await listModelLabels({ reader: admin })).toContain(label);
    expect(await listModelLabels({ reader: carol })).not.toContain(label);
    // Experiments (and so their checkpoints) follow the same scope.
    const hiddenExp = await db().experiment.create({ data: { name: uniq("exp"), userId: admin.userId, workspaceId: secret.id } });
    const visibleExp = await db().experiment.create({ data: { name: uniq("exp"), userId: admin.userId, workspaceId: nlp.id } });
    const carolSees = (await listExperiments({ reader: carol, limit: 0 })).experiments.map((e) => e.id);
    expect(carolSees).toContain(visibleExp.id);
    expect(carolSees).not.toContain(hiddenExp.id);
    expect((await listExperiments({ reader: admin, limit: 0 })).experiments.map((e) => e.id)).toContain(hiddenExp.id);
    expect(await codeOf(readableModel(carol, `${tag}-${secret.name}`))).toBe("NOT_FOUND");
    await expect(readableModel(carol, `${tag}-${vision.name}`)).resolves.toMatchObject({ workspaceId: vision.id });
    await expect(readWorkspace({ reader: carol, workspace: nlp.name })).resolves.toMatchObject({ id: nlp.id, numModels: 2 });
  });
});

describe("who may delete (as Determined: creators delete their own)", () => {
  async function setting() {
    const ws = await workspace();
    const [dave, erin, viewer, wsAdmin] = [await user(), await user(), await user(), await user()];
    for (const who of [dave, erin]) await grant(who, ws.name, "EDITOR");
    await grant(viewer, ws.name, "VIEWER");
    await grant(wsAdmin, ws.name, "ADMIN");
    return { ws, dave, erin, viewer, wsAdmin };
  }

  it("the creator of a model deletes it with its versions; another editor gets 403 with the rule", async () => {
    const { ws, dave, erin, viewer } = await setting();
    const m = await createModel({ actor: dave, input: { name: uniq("daves"), workspace: ws.name } });
    await registerVersion({ actor: erin, model: m.id, checkpointUuid: (await makeCheckpoint()).uuid });
    for (const who of [erin, viewer]) {
      const err = await errorOf(deleteModel({ actor: who, model: m.id }));
      expect(err.code).toBe("FORBIDDEN");
      expect(err.message).toContain("A model may be deleted by its creator");
    }
    await deleteModel({ actor: dave, model: m.id });
    expect(await db().model.findUnique({ where: { id: m.id } })).toBeNull();
    expect(await db().modelVersion.count({ where: { modelId: m.id } })).toBe(0);
  });

  it("a version is deleted by its creator or its model's creator, not by another editor", async () => {
    const { ws, dave, erin } = await setting();
    const frank = await user();
    await grant(frank, ws.name, "EDITOR");
    const m = await createModel({ actor: dave, input: { name: uniq("daves"), workspace: ws.name } });
    for (let i = 0; i < 2; i++) await registerVersion({ actor: erin, model: m.id, checkpointUuid: (await makeCheckpoint()).uuid });
    const err = await errorOf(deleteVersion({ actor: frank, model: m.id, version: 1 }));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toContain("A version may be deleted by its creator or its model's creator");
    await deleteVersion({ actor: erin, model: m.id, version: 1 }); // her version
    await deleteVersion({ actor: dave, model: m.id, version: 2 }); // his model
    expect(await db().modelVersion.count({ where: { modelId: m.id } })).toBe(0);
    // Erin created versions, not the model: she may not delete it.
    expect(await codeOf(deleteModel({ actor: erin, model: m.id }))).toBe("FORBIDDEN");
  });

  it("workspace admins and administrators delete anything in their scope; a creator who is now a viewer may not", async () => {
    const { ws, dave, wsAdmin } = await setting();
    const [a, b] = [
      await createModel({ actor: dave, input: { name: uniq("a"), workspace: ws.name } }),
      await createModel({ actor: dave, input: { name: uniq("b"), workspace: ws.name } }),
    ];
    const other = await workspace();
    const c = await createModel({ actor: admin, input: { name: uniq("c"), workspace: other.name } });
    expect(await codeOf(deleteModel({ actor: wsAdmin, model: c.id }))).toBe("FORBIDDEN"); // not their workspace
    await deleteModel({ actor: wsAdmin, model: a.id });
    await grant(dave, ws.name, "VIEWER");
    expect(await codeOf(deleteModel({ actor: dave, model: b.id }))).toBe("FORBIDDEN");
    await deleteModel({ actor: admin, model: b.id });
    expect(await db().model.count({ where: { id: { in: [a.id, b.id] } } })).toBe(0);
  });
});
