// Alias resolution reads a version in two SQL statements (versions/version-by-number.ts)
// instead of Prisma's ten; it must return exactly what getVersion returns, so the two
// shapes cannot drift apart (as list-pages.test.ts does for modelsByIds).
import { describe, expect, it } from "vitest";
import { getAlias, getVersion, registerVersion, reportCheckpoint, saveCheckpointFiles, setAlias, updateVersion } from "../../lib/registry";
import { versionByNumber } from "../../lib/registry/versions/version-by-number";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

describe("versionByNumber", () => {
  it("equals getVersion: fields, aliases, the checkpoint with its trial and experiment, the model with its aliases", async () => {
    const m = await makeModel({ labels: ["a"], metadata: { owner: "ana" } });
    const cp = await makeCheckpoint({ files: { "w.bin": "12345", "cfg/x.yaml": "a: 1\n" } });
    const bare = await reportCheckpoint({ actor: admin, input: { experiment: { name: uniq("exp") } } });
    await saveCheckpointFiles({ actor: admin, uuid: bare.uuid, fill: async () => {} });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid, input: { name: "one", labels: ["x"], metadata: { k: [1, { n: null }] }, notes: "# n" } });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: bare.uuid });
    await updateVersion({ actor: admin, model: m.id, version: 1, input: { comment: "edited" } });
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    await setAlias({ actor: admin, model: m.id, alias: "canary", input: { version: 1 } });
    for (const n of [1, 2]) {
      const fast = await versionByNumber(m.id, n);
      expect(fast).toEqual(await getVersion(m.id, n));
    }
    expect((await versionByNumber(m.id, 1))?.aliases).toEqual(["canary", "staging"]);
    // getAlias reads the alias, its version and checkpoint in one statement: the same version again.
    expect((await getAlias(m.name, "staging")).version).toEqual(await getVersion(m.id, 1));
    expect((await getAlias(String(m.id), "canary")).version).toEqual(await getVersion(m.id, 1));
    expect(await versionByNumber(m.id, 3)).toBeNull();
  });
});
