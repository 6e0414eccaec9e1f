import { describe, expect, it } from "vitest";
import { RegistryError, getModel, registerVersion, updateModel, updateVersion, type TModel, type TModelVersion } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel } from "../support/factories";

const conflictOf = (p: Promise<unknown>) =>
  p.then(() => null, (e: unknown) => (e instanceof RegistryError && e.code === "CONFLICT" ? e : Promise.reject(e)));

describe("edit conflicts carry the current value", () => {
  it("a stale model save gets CONFLICT with the other person's notes and the new revision", async () => {
    const m = await makeModel({ notes: "original" });
    await updateModel({ actor: admin, model: m.id, input: { notes: "alice was here", expectedRevision: m.revision } });
    const err = await conflictOf(updateModel({ actor: admin, model: m.id, input: { notes: "bob", expectedRevision: m.revision } }));
    expect(err).not.toBeNull();
    const details = err!.details as { current: TModel; currentRevision: number };
    expect(details.current.notes).toBe("alice was here");
    expect(details.current.revision).toBe(m.revision + 1);
    expect(details.currentRevision).toBe(m.revision + 1);
    // Overwriting consciously: resend against the revision the conflict reported.
    const saved = await updateModel({ actor: admin, model: m.id, input: { notes: "bob", expectedRevision: details.currentRevision } });
    expect(saved.notes).toBe("bob");
  });

  it("of two simultaneous saves from the same revision exactly one wins", async () => {
    for (let i = 0; i < 5; i++) {
      const m = await makeModel();
      const results = await Promise.allSettled([
        updateModel({ actor: admin, model: m.id, input: { description: "alice", expectedRevision: m.revision } }),
        updateModel({ actor: admin, model: m.id, input: { description: "bob", expectedRevision: m.revision } }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<TModel>[];
      const lost = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0].reason as RegistryError).code).toBe("CONFLICT");
      expect((await getModel(m.id)).description).toBe(won[0].value.description);
    }
  });

  it("a stale version save gets CONFLICT with the version as it is now", async () => {
    const m = await makeModel();
    const v = await registerVersion({ actor: admin, model: m.name, checkpointUuid: (await makeCheckpoint()).uuid, input: { comment: "first" } });
    await updateVersion({ actor: admin, model: m.id, version: 1, input: { comment: "theirs", expectedRevision: v.revision } });
    const err = await conflictOf(updateVersion({ actor: admin, model: m.id, version: 1, input: { comment: "mine", expectedRevision: v.revision } }));
    const current = (err!.details as { current: TModelVersion }).current;
    expect(current.comment).toBe("theirs");
    expect(current.version).toBe(1);
  });
});
