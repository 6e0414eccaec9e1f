import { describe, expect, it } from "vitest";
import {
  archiveModel, deleteVersion, getModel, getVersion, listVersionHistory, listVersions, mergeVersionMetadata, registerVersion, RegistryError, updateVersion,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel } from "../support/factories";

const codeOf = async (p: Promise<unknown>) => p.then(() => "OK", (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

describe("registerVersion", () => {
  it("numbers versions from 1 up, keeps fields, and counts them on the model", async () => {
    const m = await makeModel();
    const cp1 = await makeCheckpoint({ batchNumber: 400 });
    const cp2 = await makeCheckpoint();
    const v1 = await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp1.uuid, input: { name: "first", comment: "c", labels: ["a"], metadata: { k: 1 }, notes: "n" } });
    const v2 = await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp2.uuid });
    expect(v1).toMatchObject({ version: 1, name: "first", comment: "c", labels: ["a"], metadata: { k: 1 }, notes: "n", username: "admin" });
    expect(v1.checkpoint).toMatchObject({ uuid: cp1.uuid, batchNumber: 400, state: "COMPLETED" });
    expect(v1.model.name).toBe(m.name);
    expect(v2.version).toBe(2);
    expect((await getModel(m.name)).numVersions).toBe(2);
  });

  it("64 concurrent registrations on one model yield exactly versions 1..64", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const results = await Promise.allSettled(Array.from({ length: 64 }, () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })));
    const failures = results.filter((r) => r.status === "rejected");
    expect(failures).toEqual([]);
    const numbers = results.map((r) => (r as PromiseFulfilledResult<{ version: number }>).value.version).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
    const stored = await listVersions(m.name, { limit: 0 });
    expect(stored.versions.map((v) => v.version)).toEqual(Array.from({ length: 64 }, (_, i) => 64 - i));
    expect((await getModel(m.name)).numVersions).toBe(64);
  });

  it("an unknown or malformed checkpoint is refused and no version is made", async () => {
    const m = await makeModel();
    expect(await codeOf(registerVersion({ actor: admin, model: m.name, checkpointUuid: "6f1c7c2e-8d3e-4c59-9d3e-000000000000" }))).toBe("NOT_FOUND");
    expect(await codeOf(registerVersion({ actor: admin, model: m.name, checkpointUuid: "not-a-uuid" }))).toBe("INVALID");
    expect(await codeOf(registerVersion({ actor: admin, model: "no-such-model-xyz", checkpointUuid: "6f1c7c2e-8d3e-4c59-9d3e-000000000000" }))).toBe("NOT_FOUND");
    const after = await getModel(m.name);
    expect(after.numVersions).toBe(0);
    const cp = await makeCheckpoint();
    expect((await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })).version).toBe(1);
  });
});

describe("reading, editing and deleting versions", () => {
  it("getVersion returns version n, or the latest when n is absent", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    for (let i = 0; i < 3; i++) await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid, input: { name: `v${i + 1}` } });
    expect((await getVersion(m.name, 2)).name).toBe("v2");
    expect((await getVersion(m.name)).version).toBe(3);
    expect(await codeOf(getVersion(m.name, 9))).toBe("NOT_FOUND");
    expect(await codeOf(getVersion(m.name, "x"))).toBe("INVALID");
    expect(await codeOf(getVersion((await makeModel()).name))).toBe("NOT_FOUND");
  });

  it("listVersions is newest first by default, can go oldest first, and paginates", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    for (let i = 0; i < 5; i++) await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    expect((await listVersions(m.name)).versions.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect((await listVersions(m.name, { orderBy: "asc" })).versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    const page = await listVersions(m.name, { offset: 1, limit: 2 });
    expect(page.versions.map((v) => v.version)).toEqual([4, 3]);
    expect(page.total).toBe(5);
    expect((await listVersions(m.name, { sortBy: "creationTime", orderBy: "desc" })).versions[0].version).toBe(5);
  });

  it("updateVersion edits fields and refuses a stale revision", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const v = await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    const u = await updateVersion({ actor: admin, model: m.name, version: 1, input: { name: "prod", comment: "ship it", labels: ["prod"], notes: "**ok**", metadata: { a: 1 } } });
    expect(u).toMatchObject({ name: "prod", comment: "ship it", labels: ["prod"], notes: "**ok**", metadata: { a: 1 }, revision: v.revision + 1 });
    expect(await codeOf(updateVersion({ actor: admin, model: m.name, version: 1, input: { name: "stale", expectedRevision: v.revision } }))).toBe("CONFLICT");
    expect((await getVersion(m.name, 1)).name).toBe("prod");
  });

  it("deleteVersion removes one version, never reuses its number, and keeps the checkpoint", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    await deleteVersion({ actor: admin, model: m.name, version: 2 });
    expect((await getModel(m.name)).numVersions).toBe(1);
    expect((await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })).version).toBe(3);
    expect(await codeOf(deleteVersion({ actor: admin, model: m.name, version: 2 }))).toBe("NOT_FOUND");
    expect((await listVersions(m.name)).versions.map((v) => v.version)).toEqual([3, 1]);
  });
});

describe("mergeVersionMetadata", () => {
  it("merges keys on the server: 16 concurrent merges keep all 16, history lists each key", async () => {
    const m = await makeModel();
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: (await makeCheckpoint()).uuid, input: { metadata: { old: 1 } } });
    const keys = Array.from({ length: 16 }, (_, i) => `k${i}`);
    await Promise.all(keys.map((k, i) => mergeVersionMetadata({ actor: admin, model: m.id, version: 1, input: { set: { [k]: i } } })));
    const v = await mergeVersionMetadata({ actor: admin, model: m.id, version: 1, input: { remove: ["old"] } });
    expect(v.metadata).toEqual(Object.fromEntries(keys.map((k, i) => [k, i])));
    const history = await listVersionHistory(m.id, 1);
    expect(history.events[0].changes).toEqual([{ field: "metadata.old", before: 1 }]);
    expect(history.events.filter((e) => e.action === "UPDATE")).toHaveLength(17);
  });

  it("refuses bad input, an archived model and a missing version, changing nothing", async () => {
    const m = await makeModel();
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: (await makeCheckpoint()).uuid, input: { metadata: { a: 1 } } });
    const before = await getVersion(m.id, 1);
    const attempts: [unknown, number | string, string][] = [
      [{ set: [1] }, 1, "INVALID"], [{ remove: [1] }, 1, "INVALID"], [{}, 1, "INVALID"], [{ set: { a: 2 }, remove: ["a"] }, 1, "INVALID"],
      [{ set: { a: "x".repeat(300 * 1024) } }, 1, "INVALID"], [{ set: { b: 1 } }, 2, "NOT_FOUND"], [{ set: { b: 1 } }, "x", "INVALID"],
    ];
    for (const [input, version, code] of attempts) {
      const got = await mergeVersionMetadata({ actor: admin, model: m.id, version, input: input as never }).then(() => "OK", (e) => e.code);
      expect([JSON.stringify(input).slice(0, 30), got]).toEqual([JSON.stringify(input).slice(0, 30), code]);
    }
    await archiveModel({ actor: admin, model: m.id });
    expect(await mergeVersionMetadata({ actor: admin, model: m.id, version: 1, input: { set: { b: 1 } } }).then(() => "OK", (e) => e.code)).toBe("FAILED_PRECONDITION");
    expect(await getVersion(m.id, 1)).toEqual({ ...before, model: expect.objectContaining({ archived: true }) });
  });
});
