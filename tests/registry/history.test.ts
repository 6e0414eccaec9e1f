import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { manifestDigest } from "../../lib/archive";
import { db } from "../../lib/db/client";
import { archiveModel, createModel, deleteCheckpoint, deleteModel, deleteVersion, getModel, listHistory, listModelHistory, listVersionHistory, mergeModelMetadata, registerVersion, RegistryError, reportCheckpoint, saveCheckpointFiles, unarchiveModel, updateModel, updateVersion } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

/** Every history row written by `fn` (tests run in one worker, so nothing else writes meanwhile). */
async function eventsOf(fn: () => Promise<unknown>) {
  const last = await db().historyEvent.aggregate({ _max: { id: true } });
  const since = last._max.id ?? BigInt(0);
  await fn().catch(() => {});
  return db().historyEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
}

const shape = (rows: Awaited<ReturnType<typeof eventsOf>>) =>
  rows.map((r) => ({ username: r.username, objectType: r.objectType, objectId: r.objectId, action: r.action, changes: r.changes }));

describe("every mutation writes exactly the expected record", () => {
  it("createModel, updateModel, add/removeMetadata, archive/unarchive, deleteModel", async () => {
    const name = uniq("hist");
    let id = 0;
    expect(shape(await eventsOf(async () => { id = (await createModel({ actor: admin, input: { name, description: "d", metadata: { a: 1 } } })).id; }))).toEqual([{
      username: "admin", objectType: "MODEL", objectId: String(id), action: "CREATE",
      changes: [
        { field: "name", after: name }, { field: "description", after: "d" }, { field: "labels", after: [] },
        { field: "notes", after: "" }, { field: "metadata", after: { a: 1 } }, { field: "workspaceName", after: "Uncategorized" },
      ],
    }]);
    expect(shape(await eventsOf(() => updateModel({ actor: admin, model: name, input: { description: "e", labels: ["x"], notes: "" } })))).toEqual([{
      username: "admin", objectType: "MODEL", objectId: String(id), action: "UPDATE",
      changes: [{ field: "description", before: "d", after: "e" }, { field: "labels", before: [], after: ["x"] }],
    }]);
    expect((await eventsOf(() => mergeModelMetadata({ actor: admin, model: name, input: { set: { a: 2, dataset_url: "s3://x" } } })))[0].changes).toEqual([
      { field: "metadata.a", before: 1, after: 2 }, { field: "metadata.dataset_url", after: "s3://x" },
    ]);
    expect((await eventsOf(() => mergeModelMetadata({ actor: admin, model: name, input: { remove: ["a", "missing"] } })))[0].changes).toEqual([{ field: "metadata.a", before: 2 }]);
    expect(shape(await eventsOf(() => archiveModel({ actor: admin, model: name })))[0]).toMatchObject({ action: "ARCHIVE", changes: [{ field: "archived", before: false, after: true }] });
    expect(await eventsOf(() => archiveModel({ actor: admin, model: name }))).toHaveLength(0); // already archived: no change, no record
    expect(shape(await eventsOf(() => unarchiveModel({ actor: admin, model: name })))[0]).toMatchObject({ action: "UNARCHIVE" });
    const del = await eventsOf(() => deleteModel({ actor: admin, model: name }));
    expect(del).toHaveLength(1);
    expect(del[0]).toMatchObject({ action: "DELETE", objectId: String(id), modelId: id });
    expect(del[0].changes).toContainEqual({ field: "metadata", before: { dataset_url: "s3://x" } });
  });

  it("registerVersion, updateVersion, deleteVersion record version events under the model", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const reg = await eventsOf(() => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid, input: { name: "first", comment: "c" } }));
    expect(shape(reg)).toEqual([{
      username: "admin", objectType: "MODEL_VERSION", objectId: `${m.id}/1`, action: "CREATE",
      changes: [
        { field: "checkpointUuid", after: cp.uuid }, { field: "name", after: "first" }, { field: "comment", after: "c" },
        { field: "notes", after: "" }, { field: "labels", after: [] }, { field: "metadata", after: {} },
      ],
    }]);
    expect(reg[0].modelId).toBe(m.id);
    expect((await eventsOf(() => updateVersion({ actor: admin, model: m.name, version: 1, input: { notes: "# hi", metadata: { k: "v" } } })))[0].changes).toEqual([
      { field: "notes", before: "", after: "# hi" }, { field: "metadata.k", after: "v" },
    ]);
    expect(shape(await eventsOf(() => deleteVersion({ actor: admin, model: m.name, version: 1 })))[0]).toMatchObject({ action: "DELETE", objectId: `${m.id}/1` });
    const page = await listVersionHistory(m.name, 1);
    expect(page.events.map((e) => e.summary)).toEqual([
      "admin deleted version 1", "admin edited version 1: changed notes, added metadata key `k`", "admin registered version 1",
    ]);
  });

  it("reportCheckpoint, file completion and deleteCheckpoint record checkpoint events", async () => {
    let uuid = "";
    const created = await eventsOf(async () => { uuid = (await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") }, batchNumber: 5 } })).uuid; });
    expect(shape(created)).toEqual([expect.objectContaining({ objectType: "CHECKPOINT", objectId: uuid, action: "CREATE" })]);
    const upload = await eventsOf(() => saveCheckpointFiles({ actor: admin, uuid, fill: async (dir) => {
      await import("node:fs/promises").then((fs) => fs.writeFile(`${dir}/w.bin`, "12345"));
    } }));
    expect(upload.map((e) => [e.action, e.changes])).toEqual([["UPLOAD", [
      { field: "state", before: "ACTIVE", after: "COMPLETED" }, { field: "resources", before: {}, after: { "w.bin": 5 } },
      { field: "manifestDigest", before: null, after: manifestDigest([{ path: "w.bin", size: 5, sha256: crypto.createHash("sha256").update("12345").digest("hex") }]) },
    ]]]);
    expect(shape(await eventsOf(() => deleteCheckpoint({ actor: admin, uuid })))).toEqual([expect.objectContaining({ action: "DELETE", objectId: uuid })]);
  });
});

describe("a failed mutation writes no record", () => {
  it.each([
    ["duplicate name", async (m: { name: string }) => createModel({ actor: admin, input: { name: m.name } })],
    ["invalid name", async () => createModel({ actor: admin, input: { name: "12345" } })],
    ["stale revision", async (m: { name: string }) => updateModel({ actor: admin, model: m.name, input: { description: "x", expectedRevision: 999 } })],
    ["metadata over the size limit", async (m: { name: string }) => mergeModelMetadata({ actor: admin, model: m.name, input: { set: { big: "x".repeat(300_000) } } })],
    ["unknown model", async () => updateModel({ actor: admin, model: uniq("nope"), input: { description: "x" } })],
    ["unknown version", async (m: { name: string }) => deleteVersion({ actor: admin, model: m.name, version: 7 })],
    ["unknown checkpoint", async (m: { name: string }) => registerVersion({ actor: admin, model: m.name, checkpointUuid: "00000000-0000-4000-8000-000000000000" })],
  ])("%s", async (_label, attempt) => {
    const m = await makeModel();
    const rows = await eventsOf(() => attempt(m));
    expect(rows).toHaveLength(0);
  });

  it("a registered checkpoint refuses deletion and records nothing", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    expect(await eventsOf(() => deleteCheckpoint({ actor: admin, uuid: cp.uuid }))).toHaveLength(0);
  });
});

describe("the record and the change never disagree", () => {
  it("a change whose history row cannot be written is rolled back", async () => {
    const poison = uniq("poison");
    await db().$executeRawUnsafe(`ALTER TABLE history_events ADD CONSTRAINT test_poison CHECK (object_key <> '${poison}') NOT VALID`);
    try {
      const err = await createModel({ actor: admin, input: { name: poison } }).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect((await getModel(poison).catch((e: RegistryError) => e.code))).toBe("NOT_FOUND");
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE history_events DROP CONSTRAINT test_poison`);
    }
  });

  it("replaying concurrent edits' history reproduces the stored metadata", async () => {
    const m = await makeModel();
    await Promise.all(Array.from({ length: 24 }, (_, i) =>
      i % 3 === 2 ? mergeModelMetadata({ actor: admin, model: m.name, input: { remove: ["shared"] } }) : mergeModelMetadata({ actor: admin, model: m.name, input: { set: { shared: i, [`own${i}`]: i } } })));
    const { events } = await listModelHistory(m.name, { limit: 0 });
    const replay: Record<string, unknown> = {};
    for (const e of [...events].reverse()) {
      for (const c of e.changes) {
        if (!c.field.startsWith("metadata.")) continue;
        const key = c.field.slice("metadata.".length);
        // Each event's "before" is exactly what the previous event left behind.
        expect(replay[key]).toEqual(c.before);
        if ("after" in c) replay[key] = c.after; else delete replay[key];
      }
    }
    expect(replay).toEqual((await getModel(m.name)).metadata);
  });
});

describe("history is append-only and readable", () => {
  it("the database refuses UPDATE, DELETE and TRUNCATE of history rows", async () => {
    const m = await makeModel();
    for (const sql of [
      `UPDATE history_events SET username = 'mallory' WHERE model_id = ${m.id}`,
      `DELETE FROM history_events WHERE model_id = ${m.id}`,
      `TRUNCATE history_events`,
    ]) {
      await expect(db().$executeRawUnsafe(sql)).rejects.toThrow(/append-only/);
    }
    expect((await listModelHistory(m.name)).events[0].username).toBe("admin");
  });

  it("concurrent edits of one model wait for its lock: each records its change from what the one before committed", async () => {
    // The edit reads the row in the statement that locks it (decision 180): after waiting,
    // that read must be the committed row, or the chain of befores and afters breaks.
    const m = await makeModel();
    const edits = Array.from({ length: 12 }, (_, i) => `d${i}`);
    const rows = await eventsOf(() => Promise.all(edits.map((d, i) => updateModel({ actor: admin, model: i % 2 ? m.name : m.id, input: { description: d } }))));
    const changes = rows.map((r) => (r.changes as { field: string; before: string; after: string }[]));
    expect(changes.every((c) => c.length === 1 && c[0].field === "description")).toBe(true);
    expect(changes[0][0].before).toBe(m.description);
    for (let i = 1; i < changes.length; i++) expect(changes[i][0].before).toBe(changes[i - 1][0].after);
    expect(new Set(changes.map((c) => c[0].after))).toEqual(new Set(edits));
    const now = await getModel(m.name);
    expect(now.revision).toBe(m.revision + edits.length);
    expect(now.description).toBe(changes.at(-1)![0].after);
  });

  it("lists newest first with a human summary, paginated", async () => {
    const m = await makeModel();
    await mergeModelMetadata({ actor: admin, model: m.name, input: { set: { dataset_url: "s3://a" } } });
    await mergeModelMetadata({ actor: admin, model: m.name, input: { set: { dataset_url: "s3://b" } } });
    await mergeModelMetadata({ actor: admin, model: m.name, input: { remove: ["dataset_url"] } });
    await updateModel({ actor: admin, model: m.name, input: { description: "new", notes: "n" } });
    const page = await listModelHistory(m.name, { limit: 4 });
    expect(page.total).toBe(5);
    expect(page.events.map((e) => e.summary)).toEqual([
      "admin changed description and notes",
      "admin removed metadata key `dataset_url`",
      "admin changed metadata key `dataset_url`",
      "admin added metadata key `dataset_url`",
    ]);
    const rest = await listModelHistory(m.name, { offset: 4, limit: 4 });
    expect(rest.events.map((e) => e.summary)).toEqual(["admin created the model"]);
    expect(await listHistory({ objectType: "BOGUS" as never, objectId: 1 }).catch((e) => e.code)).toBe("INVALID");
  });
});
