import { describe, expect, it } from "vitest";
import { archiveModel, createModel, deleteModel, getCheckpoint, getModel, listModelLabels, listModels, mergeModelMetadata, registerVersion, RegistryError, unarchiveModel, updateModel } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

const codeOf = async (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

describe("createModel", () => {
  it("creates a model with every field and reads it back by name and by id", async () => {
    const name = uniq("mnist-cnn");
    const created = await createModel({ actor: admin, input: {
      name, description: "Digits", metadata: { dataset: "s3://mnist" }, labels: ["vision", "vision", "prod"], notes: "# Notes",
    } });
    expect(created).toMatchObject({
      name, description: "Digits", metadata: { dataset: "s3://mnist" }, labels: ["vision", "prod"],
      notes: "# Notes", archived: false, numVersions: 0, username: "admin", workspaceName: "Uncategorized",
    });
    expect((await getModel(name)).id).toBe(created.id);
    expect((await getModel(String(created.id))).name).toBe(name);
    expect((await getModel(created.id)).name).toBe(name);
  });

  it("refuses a duplicate name with ALREADY_EXISTS and keeps the first", async () => {
    const name = uniq("dup");
    await createModel({ actor: admin, input: { name, description: "first" } });
    const err = await createModel({ actor: admin, input: { name, description: "second" } }).catch((e) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.code).toBe("ALREADY_EXISTS");
    expect(err.message).toContain(name);
    expect((await getModel(name)).description).toBe("first");
  });

  it.each([
    ["", "required"], ["   ", "required"], [" padded", "spaces"], ["a/b", "'/'"], ["a\\b", "'\\'"],
    ["12345", "digits"], ["tab\there", "control"], ["x".repeat(256), "255"], ["pаypal", "alphabets"],
  ])("refuses the name %j", async (name, message) => {
    const err = await createModel({ actor: admin, input: { name } }).catch((e) => e);
    expect(err.code).toBe("INVALID");
    expect(err.message).toContain(message);
    expect(err.fieldErrors.name).toBeTruthy();
  });

  it("refuses metadata that is not an object", async () => {
    expect(await codeOf(createModel({ actor: admin, input: { name: uniq(), metadata: [1, 2] as never } }))).toBe("INVALID");
    expect(await codeOf(createModel({ actor: admin, input: { name: uniq(), metadata: "x" as never } }))).toBe("INVALID");
  });

  it("accepts names with spaces inside, unicode and commas in labels", async () => {
    const m = await createModel({ actor: admin, input: { name: uniq("Résumé ranker v2"), labels: ["a,b", " c "] } });
    expect(m.labels).toEqual(["a,b", "c"]);
  });
});

describe("listModels", () => {
  it("filters name and description by case-insensitive substring", async () => {
    const tag = uniq("Filt");
    await createModel({ actor: admin, input: { name: `${tag}-Alpha`, description: "Fraud DETECTOR" } });
    await createModel({ actor: admin, input: { name: `${tag}-beta`, description: "churn" } });
    const byName = await listModels({ reader: admin, name: tag.toLowerCase() + "-ALPHA" });
    expect(byName.models.map((m) => m.name)).toEqual([`${tag}-Alpha`]);
    expect(byName.total).toBe(1);
    const byDesc = await listModels({ reader: admin, name: tag, description: "detector" });
    expect(byDesc.models.map((m) => m.name)).toEqual([`${tag}-Alpha`]);
  });

  it("matches % and _ literally", async () => {
    const tag = uniq("lit");
    await createModel({ actor: admin, input: { name: `${tag} 100% done`, description: "under_score" } });
    await createModel({ actor: admin, input: { name: `${tag} 100 done`, description: "underXscore" } });
    const pct = await listModels({ reader: admin, name: `${tag} 100%` });
    expect(pct.models.map((m) => m.name)).toEqual([`${tag} 100% done`]);
    const under = await listModels({ reader: admin, name: tag, description: "under_" });
    expect(under.models.map((m) => m.description)).toEqual(["under_score"]);
    const backslash = await listModels({ reader: admin, name: `${tag}\\` });
    expect(backslash.total).toBe(0);
  });

  it("sorts by each column both ways with ties broken by id, and paginates with a total", async () => {
    const tag = uniq("sort");
    const a = await createModel({ actor: admin, input: { name: `${tag}-c`, description: "same" } });
    const b = await createModel({ actor: admin, input: { name: `${tag}-a`, description: "same" } });
    const c = await createModel({ actor: admin, input: { name: `${tag}-b`, description: "other" } });
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: c.name, checkpointUuid: cp.uuid });
    await registerVersion({ actor: admin, model: c.name, checkpointUuid: cp.uuid });
    await registerVersion({ actor: admin, model: a.name, checkpointUuid: cp.uuid });

    const names = async (sortBy: never, orderBy: "asc" | "desc") =>
      (await listModels({ reader: admin, name: tag, sortBy, orderBy })).models.map((m) => m.name);
    expect(await names("name" as never, "asc")).toEqual([b.name, c.name, a.name]);
    expect(await names("name" as never, "desc")).toEqual([a.name, c.name, b.name]);
    expect(await names("description" as never, "asc")).toEqual([c.name, a.name, b.name]);
    expect(await names("description" as never, "desc")).toEqual([b.name, a.name, c.name]);
    expect(await names("creationTime" as never, "asc")).toEqual([a.name, b.name, c.name]);
    expect(await names("numVersions" as never, "desc")).toEqual([c.name, a.name, b.name]);
    expect(await names("numVersions" as never, "asc")).toEqual([b.name, a.name, c.name]);
    expect((await names("lastUpdatedTime" as never, "desc"))[0]).toBe(a.name);
    expect(await names("workspace" as never, "asc")).toEqual([a.name, b.name, c.name]);

    const page = await listModels({ reader: admin, name: tag, sortBy: "name", offset: 1, limit: 1 });
    expect(page.models.map((m) => m.name)).toEqual([c.name]);
    expect(page.total).toBe(3);
    expect((await listModels({ reader: admin, name: tag, offset: 5 })).models).toEqual([]);
  });

  it("filters by labels (any overlap) and archived state, and lists labels by use", async () => {
    const tag = uniq("lab");
    const l1 = `${tag}-l1`;
    const l2 = `${tag}-l2`;
    const m1 = await createModel({ actor: admin, input: { name: `${tag}-1`, labels: [l1] } });
    const m2 = await createModel({ actor: admin, input: { name: `${tag}-2`, labels: [l1, l2] } });
    await createModel({ actor: admin, input: { name: `${tag}-3`, labels: [] } });
    await archiveModel({ actor: admin, model: m2.name });
    expect((await listModels({ reader: admin, labels: [l2, "nope"] })).models.map((m) => m.name)).toEqual([m2.name]);
    expect((await listModels({ reader: admin, labels: [l1], sortBy: "name" })).models.map((m) => m.name)).toEqual([m1.name, m2.name]);
    expect((await listModels({ reader: admin, name: tag, archived: false })).total).toBe(2);
    expect((await listModels({ reader: admin, name: tag, archived: true })).models.map((m) => m.name)).toEqual([m2.name]);
    const labels = await listModelLabels({ reader: admin });
    expect(labels.indexOf(l1)).toBeLessThan(labels.indexOf(l2));
  });

  it("refuses a negative offset and an unknown sort", async () => {
    expect(await codeOf(listModels({ reader: admin, offset: -1 }))).toBe("INVALID");
    expect(await codeOf(listModels({ reader: admin, sortBy: "size" as never }))).toBe("INVALID");
  });
});

describe("updateModel and metadata", () => {
  it("edits name, description, labels and notes; a rename keeps the id", async () => {
    const m = await makeModel();
    const newName = uniq("renamed");
    const u = await updateModel({ actor: admin, model: m.name, input: { name: newName, description: "d", labels: ["x"], notes: "n" } });
    expect(u).toMatchObject({ id: m.id, name: newName, description: "d", labels: ["x"], notes: "n" });
    expect(u.revision).toBe(m.revision + 1);
    expect(await codeOf(getModel(m.name))).toBe("NOT_FOUND");
    expect((await getModel(m.id)).name).toBe(newName);
  });

  it("refuses a stale revision with CONFLICT and keeps the first save", async () => {
    const m = await makeModel();
    await updateModel({ actor: admin, model: m.id, input: { notes: "alice", expectedRevision: m.revision } });
    const err = await updateModel({ actor: admin, model: m.id, input: { notes: "bob", expectedRevision: m.revision } }).catch((e) => e);
    expect(err.code).toBe("CONFLICT");
    expect((await getModel(m.id)).notes).toBe("alice");
  });

  it("refuses a rename onto an existing name", async () => {
    const a = await makeModel();
    const b = await makeModel();
    expect(await codeOf(updateModel({ actor: admin, model: b.name, input: { name: a.name } }))).toBe("ALREADY_EXISTS");
  });

  it("merges and removes metadata keys as the SDK does", async () => {
    const m = await makeModel();
    await mergeModelMetadata({ actor: admin, model: m.name, input: { set: { key: "value" } } });
    await mergeModelMetadata({ actor: admin, model: m.name, input: { set: { metrics: { test_set_loss: 0.091 } } } });
    const merged = await mergeModelMetadata({ actor: admin, model: m.name, input: { set: { metrics: { test_set_acc: 0.97 } } } });
    expect(merged.metadata).toEqual({ key: "value", metrics: { test_set_acc: 0.97 } });
    const removed = await mergeModelMetadata({ actor: admin, model: m.name, input: { remove: ["key"] } });
    expect(removed.metadata).toEqual({ metrics: { test_set_acc: 0.97 } });
    expect(await codeOf(mergeModelMetadata({ actor: admin, model: m.name, input: { set: ["not", "object"] as never } }))).toBe("INVALID");
    expect((await getModel(m.name)).metadata).toEqual({ metrics: { test_set_acc: 0.97 } });
  });

  it("keeps both keys when two merges run at once", async () => {
    const m = await makeModel();
    await Promise.all(Array.from({ length: 10 }, (_, i) => mergeModelMetadata({ actor: admin, model: m.name, input: { set: { [`k${i}`]: i } } })));
    expect(Object.keys((await getModel(m.name)).metadata).sort()).toHaveLength(10);
  });
});

describe("archive and delete", () => {
  it("an archived model refuses edits and new versions until unarchived", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await archiveModel({ actor: admin, model: m.name });
    // Thunks, run one at a time: promises created up front reject before anything
    // awaits them, which vitest reports as unhandled rejections.
    for (const attempt of [
      () => updateModel({ actor: admin, model: m.name, input: { description: "x" } }),
      () => mergeModelMetadata({ actor: admin, model: m.name, input: { set: { a: 1 } } }),
      () => mergeModelMetadata({ actor: admin, model: m.name, input: { remove: ["a"] } }),
      () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid }),
    ]) {
      const err = await attempt().catch((e) => e);
      expect(err.code).toBe("FAILED_PRECONDITION");
      expect(err.message).toMatch(/archived/);
    }
    const after = await getModel(m.name);
    expect(after).toMatchObject({ archived: true, description: "", numVersions: 0, metadata: {} });
    await unarchiveModel({ actor: admin, model: m.name });
    expect((await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })).version).toBe(1);
  });

  it("deleting a model removes its versions and keeps the checkpoints", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    await deleteModel({ actor: admin, model: m.name });
    expect(await codeOf(getModel(m.name))).toBe("NOT_FOUND");
    expect((await getCheckpoint(cp.uuid)).uuid).toBe(cp.uuid);
    expect(await codeOf(deleteModel({ actor: admin, model: m.name }))).toBe("NOT_FOUND");
  });

  it("unknown models are NOT_FOUND everywhere", async () => {
    expect(await codeOf(getModel("no-such-model-xyz"))).toBe("NOT_FOUND");
    expect(await codeOf(getModel("99999999999999999999"))).toBe("NOT_FOUND");
    expect(await codeOf(archiveModel({ actor: admin, model: "no-such-model-xyz" }))).toBe("NOT_FOUND");
    expect(await codeOf(updateModel({ actor: admin, model: "no-such-model-xyz", input: { notes: "x" } }))).toBe("NOT_FOUND");
  });
});
