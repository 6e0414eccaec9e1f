// Storage usage figures (docs/decisions/095-storage-usage.md): per model (each checkpoint
// once) and in total (stored, referenced, unreferenced), right after register and delete.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  deleteCheckpoint, deleteModel, deleteVersion, modelStorageUsage, registerVersion, reportCheckpoint, storageUsage,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

const total = () => storageUsage({ actor: admin });

describe("storage usage", () => {
  it("counts each checkpoint once per model, and moves bytes between referenced and unreferenced as versions come and go", async () => {
    const before = await total();
    const a = await makeCheckpoint({ files: { "w.bin": "x".repeat(1000), "c.yaml": "abc" } });
    const b = await makeCheckpoint({ files: { "w.bin": "y".repeat(500) } });
    const m = await makeModel();
    expect(await modelStorageUsage(m.id)).toEqual({ bytes: 0, checkpoints: 0 });

    let now = await total();
    expect(now.stored.bytes - before.stored.bytes).toBe(1503);
    expect(now.stored.checkpoints - before.stored.checkpoints).toBe(2);
    expect(now.unreferenced.bytes - before.unreferenced.bytes).toBe(1503);
    expect(now.referenced.bytes - before.referenced.bytes).toBe(0);

    // Two versions of one checkpoint count it once.
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: a.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: b.uuid });
    expect(await modelStorageUsage(m.id)).toEqual({ bytes: 1503, checkpoints: 2 });
    now = await total();
    expect(now.referenced.bytes - before.referenced.bytes).toBe(1503);
    expect(now.unreferenced.bytes - before.unreferenced.bytes).toBe(0);
    expect(now.stored.bytes).toBe(now.referenced.bytes + now.unreferenced.bytes);

    // Another model sharing a checkpoint: it counts in both models, once in the total.
    const other = await makeModel();
    await registerVersion({ actor: admin, model: other.id, checkpointUuid: b.uuid });
    expect(await modelStorageUsage(other.id)).toEqual({ bytes: 500, checkpoints: 1 });
    expect((await total()).stored.bytes - before.stored.bytes).toBe(1503);

    await deleteVersion({ actor: admin, model: m.id, version: 3 });
    expect(await modelStorageUsage(m.id)).toEqual({ bytes: 1003, checkpoints: 1 });
    expect((await total()).unreferenced.bytes - before.unreferenced.bytes).toBe(0); // still b in the other model

    await deleteModel({ actor: admin, model: other.id });
    now = await total();
    expect(now.unreferenced.bytes - before.unreferenced.bytes).toBe(500);
    expect(now.unreferenced.checkpoints - before.unreferenced.checkpoints).toBe(1);

    await deleteCheckpoint({ actor: admin, uuid: b.uuid });
    now = await total();
    expect(now.stored.bytes - before.stored.bytes).toBe(1003);
    expect(now.unreferenced.bytes - before.unreferenced.bytes).toBe(0);
  });

  it("counts only stored (completed) checkpoints in the total, and keeps size_bytes for every writer of resources", async () => {
    const before = await total();
    const reported = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") }, resources: { "a.bin": 70 } } });
    expect((await db().checkpoint.findUniqueOrThrow({ where: { uuid: reported.uuid }, select: { sizeBytes: true } })).sizeBytes).toBe(70n);
    expect((await total()).stored).toEqual(before.stored); // not COMPLETED: no files stored
    // Any writer (here plain SQL), sizes as numbers or as Determined's digit strings; anything else counts 0.
    await db().$executeRaw`UPDATE checkpoints SET resources = '{"a.bin": 5, "b.bin": "6", "odd": "x", "neg": "-3"}' WHERE uuid = ${reported.uuid}::uuid`;
    expect((await db().checkpoint.findUniqueOrThrow({ where: { uuid: reported.uuid }, select: { sizeBytes: true } })).sizeBytes).toBe(11n);
  });

  it("gives the registry's total to administrators only", async () => {
    const u = await db().user.create({ data: { username: uniq("u") } });
    const code = await storageUsage({ actor: { userId: u.id, username: u.username, admin: false } }).then(() => "OK", (e) => e.code);
    expect(code).toBe("FORBIDDEN");
  });
});
