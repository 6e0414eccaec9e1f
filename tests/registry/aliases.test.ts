// Issue 12: aliases. Every rule of setting, moving, removing and protecting an alias,
// on the real database, each refusal shown to change nothing.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  archiveModel, deleteModel, deleteVersion, getAlias, getModel, getVersion, listAliases, listAliasNamesInUse, listModelHistory,
  listModels, removeAlias, setAlias, setAliasProtection, setWorkspaceRole, type Actor, type TRole,
} from "../../lib/registry";
import { ALIAS_RULE } from "../../lib/schemas/alias-name";
import { admin, makeModel, uniq } from "../support/factories";
import { modelWithVersions } from "../support/versions";

async function userWith(role: TRole | null): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  if (role) await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role } });
  return { userId: u.id, username: u.username, admin: false };
}

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));
const errorOf = (p: Promise<unknown>) => p.then(() => { throw new Error("expected a refusal"); }, (e) => e);

/** What an alias refusal must leave untouched: the model's alias rows, versions, and the whole history. */
async function snapshot(modelId: number) {
  const [aliases, versions, history] = await Promise.all([
    db().modelAlias.findMany({ where: { modelId }, orderBy: { alias: "asc" } }),
    db().modelVersion.findMany({ where: { modelId }, select: { version: true }, orderBy: { version: "asc" } }),
    db().historyEvent.aggregate({ _max: { id: true }, _count: true }),
  ]);
  return { aliases, versions, history };
}

async function aliasEvents(modelId: number) {
  return db().historyEvent.findMany({ where: { modelId, objectType: "ALIAS" }, orderBy: { id: "asc" } });
}

describe("setting, moving and removing an alias", () => {
  it("sets, moves and removes; each change is one history event with who, from, to and why", async () => {
    const m = await modelWithVersions(3);
    const set = await setAlias({ actor: admin, model: m.name, alias: "staging", input: { version: 1, reason: "first cut" } });
    expect(set).toMatchObject({ changed: true, previousVersion: null, alias: { alias: "staging", version: 1, setBy: "admin", reason: "first cut", protected: false } });
    const moved = await setAlias({ actor: admin, model: m.name, alias: "staging", input: { version: 3, expectedVersion: 1 } });
    expect(moved).toMatchObject({ changed: true, previousVersion: 1, alias: { version: 3, reason: "" } });
    expect(moved.alias.setAt.getTime()).toBeGreaterThanOrEqual(set.alias.setAt.getTime());
    const removed = await removeAlias({ actor: admin, model: m.name, alias: "staging", input: { expectedVersion: 3, reason: "rolled back" } });
    expect(removed).toMatchObject({ previousVersion: 3, alias: { version: null } });

    const events = await aliasEvents(m.id);
    expect(events.map((e) => ({ action: e.action, objectId: e.objectId, objectKey: e.objectKey, username: e.username, changes: e.changes }))).toEqual([
      { action: "SET", objectId: `${m.id}@staging`, objectKey: `${m.name}@staging`, username: "admin", changes: [{ field: "version", after: 1 }, { field: "reason", after: "first cut" }] },
      { action: "MOVE", objectId: `${m.id}@staging`, objectKey: `${m.name}@staging`, username: "admin", changes: [{ field: "version", before: 1, after: 3 }] },
      { action: "REMOVE", objectId: `${m.id}@staging`, objectKey: `${m.name}@staging`, username: "admin", changes: [{ field: "version", before: 3 }, { field: "reason", after: "rolled back" }] },
    ]);
    // The recorded times are the ones the replies carried.
    expect(events.map((e) => e.at.getTime())).toEqual([set.alias.setAt, moved.alias.setAt, removed.alias.setAt].map((d) => d.getTime()));
    const summaries = (await listModelHistory(m.id)).events.filter((e) => e.objectType === "ALIAS").map((e) => e.summary);
    expect(summaries).toEqual([
      'admin removed alias `staging` (it named version 3): "rolled back"',
      "admin moved alias `staging` from version 1 to version 3",
      'admin set alias `staging` to version 1: "first cut"',
    ]);
  });

  it("a version carries any number of aliases, an alias names one version; models and versions show them", async () => {
    const m = await modelWithVersions(2);
    for (const alias of ["staging", "canary", "champion"]) await setAlias({ actor: admin, model: m.id, alias, input: { version: 2 } });
    await setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 1 } });
    expect((await getVersion(m.id, 2)).aliases).toEqual(["champion", "staging"]);
    expect((await getVersion(m.id, 1)).aliases).toEqual(["canary"]);
    expect((await getModel(m.id)).aliases).toEqual([{ alias: "canary", version: 1 }, { alias: "champion", version: 2 }, { alias: "staging", version: 2 }]);
    const list = await listAliases(m.name);
    expect(list.aliases.map((a) => [a.alias, a.version])).toEqual([["canary", 1], ["champion", 2], ["staging", 2]]);
    expect(list.protectedAliases).toEqual(["production"]);
    // The list page reads models in SQL: the same aliases.
    const page = await listModels({ reader: admin, id: m.id });
    expect(page.models[0].aliases).toEqual((await getModel(m.id)).aliases);
  });

  it("setting an alias to the version it already names changes and records nothing", async () => {
    const m = await modelWithVersions(1);
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    const before = await snapshot(m.id);
    expect(await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1, expectedVersion: 1 } })).toMatchObject({ changed: false });
    expect(await snapshot(m.id)).toEqual(before);
  });

  it("`latest` is the highest version number, is never stored, and cannot be set or removed", async () => {
    const m = await modelWithVersions(3);
    expect((await getAlias(m.name, "latest")).version?.version).toBe(3);
    await deleteVersion({ actor: admin, model: m.id, version: 3 });
    expect((await getAlias(m.name, "latest")).alias).toMatchObject({ alias: "latest", version: 2 });
    const empty = await makeModel();
    expect(await codeOf(getAlias(empty.name, "latest"))).toBe("NOT_FOUND");
    const before = await snapshot(m.id);
    const err = await errorOf(setAlias({ actor: admin, model: m.id, alias: "latest", input: { version: 1 } }));
    expect([err.code, err.message]).toEqual(["INVALID", expect.stringContaining("reserved")]);
    expect(await codeOf(removeAlias({ actor: admin, model: m.id, alias: "latest" }))).toBe("INVALID");
    expect(await codeOf(setAliasProtection({ actor: admin, model: m.id, alias: "latest", input: { protected: true } }))).toBe("INVALID");
    expect(await snapshot(m.id)).toEqual(before);
  });
});

describe("bad input and permissions: a refusal changes nothing", () => {
  it("refuses malformed names with the rule, unknown models, versions and aliases, archived models, viewers", async () => {
    const m = await modelWithVersions(2);
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    const viewer = await userWith("VIEWER");
    const nobody = await userWith(null);
    const before = await snapshot(m.id);
    for (const bad of ["Production", "has space", "", "x".repeat(65), "123", "a.b", "a/b", "ünï"]) {
      const err = await errorOf(setAlias({ actor: admin, model: m.id, alias: bad, input: { version: 1 } }));
      expect([bad, err.code, err.message]).toEqual([bad, "INVALID", expect.stringContaining(ALIAS_RULE)]);
    }
    expect(await codeOf(setAlias({ actor: admin, model: uniq("missing"), alias: "staging", input: { version: 1 } }))).toBe("NOT_FOUND");
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 99 } }))).toBe("NOT_FOUND");
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 0 } }))).toBe("INVALID");
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: "2" } as never }))).toBe("INVALID");
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2, expectedVersion: "1" } as never }))).toBe("INVALID");
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2, extra: 1 } as never }))).toBe("INVALID");
    expect(await codeOf(removeAlias({ actor: admin, model: m.id, alias: "never-set" }))).toBe("NOT_FOUND");
    expect(await codeOf(getAlias(m.id, "never-set"))).toBe("NOT_FOUND");
    expect(await codeOf(setAlias({ actor: viewer, model: m.id, alias: "staging", input: { version: 2 } }))).toBe("FORBIDDEN");
    expect(await codeOf(removeAlias({ actor: viewer, model: m.id, alias: "staging" }))).toBe("FORBIDDEN");
    expect(await codeOf(setAlias({ actor: nobody, model: m.id, alias: "new-one", input: { version: 2 } }))).toBe("FORBIDDEN");
    expect(await codeOf(setAliasProtection({ actor: viewer, model: m.id, alias: "staging", input: { protected: true } }))).toBe("FORBIDDEN");
    expect(await snapshot(m.id)).toEqual(before);

    await archiveModel({ actor: admin, model: m.id });
    const archived = await snapshot(m.id);
    const err = await errorOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2 } }));
    expect([err.code, err.message]).toEqual(["FAILED_PRECONDITION", expect.stringContaining("archived")]);
    expect(await codeOf(removeAlias({ actor: admin, model: m.id, alias: "staging" }))).toBe("FAILED_PRECONDITION");
    expect(await codeOf(setAliasProtection({ actor: admin, model: m.id, alias: "staging", input: { protected: true } }))).toBe("FAILED_PRECONDITION");
    expect(await snapshot(m.id)).toEqual(archived);
  });

  it("editors set and move unprotected aliases", async () => {
    const m = await modelWithVersions(2);
    const editor = await userWith("EDITOR");
    await setAlias({ actor: editor, model: m.id, alias: "staging", input: { version: 1 } });
    await setAlias({ actor: editor, model: m.id, alias: "staging", input: { version: 2, expectedVersion: 1 } });
    await removeAlias({ actor: editor, model: m.id, alias: "staging" });
    expect((await aliasEvents(m.id)).map((e) => [e.action, e.username])).toEqual([["SET", editor.username], ["MOVE", editor.username], ["REMOVE", editor.username]]);
  });
});

describe("compare-and-set", () => {
  it("a move that expected another version is refused with the current target; null expects no target", async () => {
    const m = await modelWithVersions(3);
    const alice = await userWith("EDITOR");
    await setAlias({ actor: alice, model: m.id, alias: "staging", input: { version: 2, expectedVersion: null, reason: "alice's pick" } });
    const before = await snapshot(m.id);
    const err = await errorOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 3, expectedVersion: 1 } }));
    expect(err.code).toBe("CONFLICT");
    expect(err.message).toContain(alice.username);
    expect(err.details.currentAlias).toMatchObject({ alias: "staging", version: 2, setBy: alice.username, reason: "alice's pick" });
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 3, expectedVersion: null } }))).toBe("CONFLICT");
    expect(await codeOf(removeAlias({ actor: admin, model: m.id, alias: "staging", input: { expectedVersion: 3 } }))).toBe("CONFLICT");
    expect(await snapshot(m.id)).toEqual(before);
    // Without expectedVersion the last writer wins (scripts that do not care).
    expect(await codeOf(setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 3 } }))).toBe("OK");
  });

  it("32 concurrent moves expecting the same version: exactly one wins, 31 conflict, history has one move", async () => {
    const m = await modelWithVersions(3);
    await setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 1 } });
    const outcomes = await Promise.all(Array.from({ length: 32 }, (_, i) =>
      codeOf(setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 2 + (i % 2), expectedVersion: 1, reason: `client ${i}` } }))));
    expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "CONFLICT")).toHaveLength(31);
    const moves = (await aliasEvents(m.id)).filter((e) => e.action === "MOVE");
    expect(moves).toHaveLength(1);
    const current = await getAlias(m.id, "canary");
    expect((moves[0].changes as { field: string; after?: unknown }[])[0].after).toBe(current.alias.version);
  });
});

describe("protected aliases", () => {
  it("`production` is protected by default: admins only, with a reason; its version cannot be deleted", async () => {
    const m = await modelWithVersions(2);
    const editor = await userWith("EDITOR");
    const wsAdmin = await userWith("ADMIN");
    const before = await snapshot(m.id);
    expect(await codeOf(setAlias({ actor: editor, model: m.id, alias: "production", input: { version: 1, reason: "ship it" } }))).toBe("FORBIDDEN");
    const noReason = await errorOf(setAlias({ actor: wsAdmin, model: m.id, alias: "production", input: { version: 1, reason: "  " } }));
    expect([noReason.code, noReason.message]).toEqual(["INVALID", expect.stringContaining("reason")]);
    expect(await snapshot(m.id)).toEqual(before);

    await setAlias({ actor: wsAdmin, model: m.id, alias: "production", input: { version: 1, reason: "ship it" } });
    const held = await snapshot(m.id);
    const del = await errorOf(deleteVersion({ actor: wsAdmin, model: m.id, version: 1 }));
    expect([del.code, del.message]).toEqual(["CONFLICT", expect.stringContaining('"production"')]);
    expect(await codeOf(deleteModel({ actor: admin, model: m.id }))).toBe("CONFLICT");
    expect(await codeOf(removeAlias({ actor: editor, model: m.id, alias: "production", input: { reason: "x" } }))).toBe("FORBIDDEN");
    expect(await snapshot(m.id)).toEqual(held);

    // Once it moves, version 1 may go.
    await setAlias({ actor: wsAdmin, model: m.id, alias: "production", input: { version: 2, expectedVersion: 1, reason: "v2 is better" } });
    await deleteVersion({ actor: wsAdmin, model: m.id, version: 1 });
    expect((await getAlias(m.id, "production")).alias.version).toBe(2);
  });

  it("workspace admins protect and unprotect an alias per model, also one that names nothing yet", async () => {
    const m = await modelWithVersions(1);
    const editor = await userWith("EDITOR");
    const wsAdmin = await userWith("ADMIN");
    expect(await codeOf(setAliasProtection({ actor: editor, model: m.id, alias: "staging", input: { protected: true } }))).toBe("FORBIDDEN");
    expect(await setAliasProtection({ actor: wsAdmin, model: m.id, alias: "staging", input: { protected: true, reason: "release train" } })).toMatchObject({ alias: "staging", version: null, protected: true, protectionSetting: true });
    expect((await listAliases(m.id)).protectedAliases).toEqual(["production", "staging"]);
    expect(await codeOf(setAlias({ actor: editor, model: m.id, alias: "staging", input: { version: 1, reason: "r" } }))).toBe("FORBIDDEN");
    // Unprotecting production on this model only.
    await setAliasProtection({ actor: wsAdmin, model: m.id, alias: "production", input: { protected: false } });
    await setAlias({ actor: editor, model: m.id, alias: "production", input: { version: 1 } });
    expect((await listAliases(m.id)).protectedAliases).toEqual(["staging"]);
    // Back to the registry default: protected again.
    await setAliasProtection({ actor: wsAdmin, model: m.id, alias: "production", input: { protected: null } });
    expect((await getAlias(m.id, "production")).alias).toMatchObject({ protected: true, protectionSetting: null });
    const events = (await aliasEvents(m.id)).filter((e) => e.action === "PROTECT" || e.action === "UNPROTECT");
    expect(events.map((e) => [e.objectId, e.action, e.changes])).toEqual([
      [`${m.id}@staging`, "PROTECT", [{ field: "protected", before: null, after: true }, { field: "reason", after: "release train" }]],
      [`${m.id}@production`, "UNPROTECT", [{ field: "protected", before: null, after: false }]],
      [`${m.id}@production`, "PROTECT", [{ field: "protected", before: false, after: null }]],
    ]);
    // Protection changes are not what an alias names: `?at=` is unaffected by them.
    expect(await codeOf(getAlias(m.id, "staging", { at: new Date() }))).toBe("NOT_FOUND");
  });
});

describe("deleting what an alias names", () => {
  it("removes unprotected aliases with the version, in the same transaction, recorded with the reason", async () => {
    const m = await modelWithVersions(2);
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2 } });
    await setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 2 } });
    await deleteVersion({ actor: admin, model: m.id, version: 2 });
    expect(await codeOf(getAlias(m.id, "staging"))).toBe("NOT_FOUND");
    expect((await listAliases(m.id)).aliases).toEqual([]);
    const removals = (await aliasEvents(m.id)).filter((e) => e.action === "REMOVE");
    expect(removals.map((e) => [e.objectId, e.changes])).toEqual([
      [`${m.id}@canary`, [{ field: "version", before: 2 }, { field: "reason", after: "Version 2 was deregistered." }]],
      [`${m.id}@staging`, [{ field: "version", before: 2 }, { field: "reason", after: "Version 2 was deregistered." }]],
    ]);
    // The alias can be set again afterwards.
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1, expectedVersion: null } });
  });

  it("deleting a model records its aliases' removal; its history outlives it", async () => {
    const m = await modelWithVersions(1);
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    await deleteModel({ actor: admin, model: m.id });
    const events = await aliasEvents(m.id);
    expect(events.map((e) => e.action)).toEqual(["SET", "REMOVE"]);
    expect(await db().modelAlias.count({ where: { modelId: m.id } })).toBe(0);
  });
});

describe("reads", () => {
  it("lists models by alias and the alias names in use", async () => {
    const [a, b, c] = [await modelWithVersions(1), await modelWithVersions(1), await modelWithVersions(0)];
    const alias = `only-${uniq("x").slice(2)}`;
    await setAlias({ actor: admin, model: a.id, alias, input: { version: 1 } });
    await setAlias({ actor: admin, model: b.id, alias, input: { version: 1 } });
    await removeAlias({ actor: admin, model: b.id, alias });
    expect((await listModels({ reader: admin, alias })).models.map((m) => m.id)).toEqual([a.id]);
    expect((await listModels({ reader: admin, alias })).total).toBe(1);
    expect(await listAliasNamesInUse({ reader: admin })).toContain(alias);
    const withVersions = (await listModels({ reader: admin, alias: "latest", id: c.id })).total;
    expect(withVersions).toBe(0);
    expect((await listModels({ reader: admin, alias: "latest", id: a.id })).total).toBe(1);
    expect(await codeOf(listModels({ reader: admin, alias: "Not Valid" }))).toBe("INVALID");
  });

  it("the total of a list filtered by an alias (counted from the alias rows) equals a count over the models", async () => {
    const alias = `counted-${uniq("x").slice(2)}`;
    const models = [await modelWithVersions(1), await modelWithVersions(1), await modelWithVersions(1), await modelWithVersions(1)];
    for (const m of models) await setAlias({ actor: admin, model: m.id, alias, input: { version: 1 } });
    await removeAlias({ actor: admin, model: models[3].id, alias });
    await archiveModel({ actor: admin, model: models[0].id });
    const expected = async (archived?: boolean) => db().model.count({
      where: { archived, aliases: { some: { alias, version: { not: null } } } },
    });
    for (const archived of [undefined, true, false]) {
      const page = await listModels({ reader: admin, alias, archived, limit: 1 });
      expect([archived, page.total]).toEqual([archived, await expected(archived)]);
    }
    expect((await listModels({ reader: admin, alias })).total).toBe(3);
    expect((await listModels({ reader: admin, alias, archived: false })).total).toBe(2);
  });
});
