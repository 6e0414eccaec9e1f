// Issue 12, time travel: what an alias named, and what a model was, at any instant,
// answered from the append-only history; and "name@alias" resolution.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createModel, deleteVersion, getAlias, getModelAt, mergeModelMetadata, registerVersion, removeAlias, resolveVersionRef,
  setAlias, updateModel,
} from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";
import { modelWithVersions } from "../support/versions";

const codeOf = (p: Promise<unknown>) => p.then(() => "OK", (e) => e.code ?? String(e));
const tick = () => new Promise((r) => setTimeout(r, 5));

describe("?at=: what an alias named at an instant", () => {
  it("answers each instant from the history, 404 before it was set and after it was removed", async () => {
    const m = await modelWithVersions(3);
    const t0 = new Date();
    await tick();
    const a = await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1, reason: "one" } });
    await tick();
    const b = await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 3, reason: "three" } });
    await tick();
    const c = await removeAlias({ actor: admin, model: m.id, alias: "staging" });
    const at = (d: Date) => getAlias(m.name, "staging", { at: d.toISOString() });
    expect(await codeOf(at(t0))).toBe("NOT_FOUND");
    expect((await at(a.alias.setAt)).alias).toMatchObject({ version: 1, setBy: "admin", reason: "one" });
    expect((await at(new Date(b.alias.setAt.getTime() - 1))).alias.version).toBe(1);
    expect((await at(b.alias.setAt)).alias).toMatchObject({ version: 3, reason: "three" });
    expect((await at(b.alias.setAt)).version?.version).toBe(3);
    expect(await codeOf(at(c.alias.setAt))).toBe("NOT_FOUND");
    expect(await codeOf(at(new Date()))).toBe("NOT_FOUND");
  });

  it("refuses an instant in the future or one it cannot read (400), and names a version deleted since as null", async () => {
    const m = await modelWithVersions(2);
    const set = await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2 } });
    for (const bad of ["tomorrow", "2026-13-01T00:00:00Z", "2026-03-14T09:00:00", "", "1710406800"]) {
      expect([bad, await codeOf(getAlias(m.id, "staging", { at: bad }))]).toEqual([bad, "INVALID"]);
    }
    const future = new Date(Date.now() + 60_000).toISOString();
    const err = await getAlias(m.id, "staging", { at: future }).catch((e) => e);
    expect([err.code, err.message]).toEqual(["INVALID", expect.stringContaining("future")]);
    await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 1 } });
    await deleteVersion({ actor: admin, model: m.id, version: 2 });
    const then = await getAlias(m.id, "staging", { at: set.alias.setAt });
    expect(then.alias.version).toBe(2);
    expect(then.version).toBeNull();
  });

  it("`latest` at an instant is the highest version that existed then, deleted ones included", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const reg = async () => (await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid })).creationTime;
    const t1 = await reg();
    await tick();
    const t2 = await reg();
    await tick();
    const t3 = await reg();
    await tick();
    await deleteVersion({ actor: admin, model: m.id, version: 3 });
    await deleteVersion({ actor: admin, model: m.id, version: 2 });
    const latestAt = async (d: Date) => (await getAlias(m.id, "latest", { at: d })).alias.version;
    expect(await latestAt(t1)).toBe(1);
    expect(await latestAt(t2)).toBe(2);
    expect(await latestAt(t3)).toBe(3);
    expect(await latestAt(new Date())).toBe(1);
    expect(await codeOf(getAlias(m.id, "latest", { at: new Date(t1.getTime() - 1000) }))).toBe("NOT_FOUND");
  });

  it("a random sequence of a few hundred sets, moves and removals: ?at= at random instants equals a replay", async () => {
    const m = await modelWithVersions(5);
    const aliases = ["production", "staging", "canary"];
    const log: { alias: string; version: number | null; at: Date }[] = [];
    const current = new Map<string, number | null>();
    const start = new Date();
    for (let i = 0; i < 300; i++) {
      const alias = aliases[crypto.randomInt(aliases.length)];
      const now = current.get(alias) ?? null;
      const remove = now !== null && crypto.randomInt(5) === 0;
      const r = remove
        ? await removeAlias({ actor: admin, model: m.id, alias, input: { expectedVersion: now, reason: "replay" } })
        : await setAlias({ actor: admin, model: m.id, alias, input: { version: 1 + crypto.randomInt(5), expectedVersion: now, reason: "replay" } });
      if (!r.changed) continue;
      current.set(alias, r.alias.version);
      log.push({ alias, version: r.alias.version, at: r.alias.setAt });
    }
    expect(log.length).toBeGreaterThan(200);
    const replay = (alias: string, t: Date) => {
      let v: number | null = null;
      for (const e of log) if (e.alias === alias && e.at <= t) v = e.version;
      return v;
    };
    const end = Date.now();
    // Random instants across the run, plus every recorded instant and the millisecond before it.
    const instants = [
      ...Array.from({ length: 120 }, () => new Date(start.getTime() - 50 + crypto.randomInt(end - start.getTime() + 50))),
      ...log.slice(0, 60).flatMap((e) => [e.at, new Date(e.at.getTime() - 1)]),
    ];
    for (const t of instants) {
      for (const alias of aliases) {
        const got = await getAlias(m.id, alias, { at: t }).then((r) => r.alias.version, (e) => (e.code === "NOT_FOUND" ? null : Promise.reject(e)));
        expect([alias, t.toISOString(), got]).toEqual([alias, t.toISOString(), replay(alias, t)]);
      }
      const model = await getModelAt(m.id, t);
      const expected = aliases.map((a) => ({ alias: a, version: replay(a, t) })).filter((a) => a.version !== null).sort((x, y) => x.alias.localeCompare(y.alias));
      expect(model.model.aliases).toEqual(expected);
    }
  }, 240_000);
});

describe("?at=: a model as it was", () => {
  it("reconstructs description, labels, notes, metadata (key by key), name and aliases at each instant", async () => {
    const name = uniq("asof");
    const m = await createModel({ actor: admin, input: { name, description: "first", labels: ["a"], notes: "# v1", metadata: { owner: "ana", keep: 1 } } });
    const cp = await makeCheckpoint();
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await registerVersion({ actor: admin, model: m.id, checkpointUuid: cp.uuid });
    await tick();
    const t1 = new Date();
    await tick();
    await updateModel({ actor: admin, model: m.id, input: { description: "second", labels: ["a", "b"], notes: "# v2" } });
    await mergeModelMetadata({ actor: admin, model: m.id, input: { set: { owner: "bo", added: true }, remove: ["keep"] } });
    const set = await setAlias({ actor: admin, model: m.id, alias: "staging", input: { version: 2, reason: "why not" } });
    await tick();
    const t2 = new Date();
    await tick();
    await updateModel({ actor: admin, model: m.id, input: { name: `${name}-renamed`, metadata: {} } });
    await removeAlias({ actor: admin, model: m.id, alias: "staging" });

    const at1 = await getModelAt(`${name}-renamed`, t1);
    expect(at1.model).toMatchObject({ id: m.id, name, description: "first", labels: ["a"], notes: "# v1", metadata: { owner: "ana", keep: 1 }, numVersions: 2, aliases: [] });
    const at2 = await getModelAt(m.id, t2.toISOString());
    expect(at2.model).toMatchObject({ name, description: "second", labels: ["a", "b"], notes: "# v2", metadata: { owner: "bo", added: true }, aliases: [{ alias: "staging", version: 2 }] });
    expect(at2.aliases).toEqual([{ alias: "staging", version: 2, setAt: set.alias.setAt, setBy: "admin", reason: "why not", protected: false, protectionSetting: null }]);
    const now = await getModelAt(m.id, new Date());
    expect(now.model).toMatchObject({ name: `${name}-renamed`, metadata: {}, aliases: [] });
    expect(await codeOf(getModelAt(m.id, new Date(m.creationTime.getTime() - 1000)))).toBe("NOT_FOUND");
    expect(await codeOf(getModelAt(m.id, new Date(Date.now() + 60_000)))).toBe("INVALID");
    expect(await codeOf(getModelAt(m.id, "not a date"))).toBe("INVALID");
  });
});

describe("name@alias", () => {
  it("an exact model name wins; otherwise the text splits on its last @ into a model and an alias or version", async () => {
    const base = uniq("at");
    const plain = await modelWithVersions(2, { name: base });
    const literal = await modelWithVersions(1, { name: `${base}@production` });
    await setAlias({ actor: admin, model: plain.id, alias: "production", input: { version: 2, reason: "r" } });
    await setAlias({ actor: admin, model: literal.id, alias: "staging", input: { version: 1 } });

    const exact = await resolveVersionRef(`${base}@production`);
    expect(exact).toMatchObject({ kind: "model", model: { id: literal.id } });
    const viaAlias = await resolveVersionRef(`${base}@production@staging`);
    expect(viaAlias).toMatchObject({ kind: "version", version: { version: 1, model: { id: literal.id } }, alias: { alias: "staging" } });
    await setAlias({ actor: admin, model: plain.id, alias: "staging", input: { version: 1 } });
    expect(await resolveVersionRef(`${base}@staging`)).toMatchObject({ kind: "version", version: { version: 1, model: { id: plain.id } } });
    expect(await resolveVersionRef(`${base}@2`)).toMatchObject({ kind: "version", version: { version: 2 }, alias: null });
    expect(await resolveVersionRef(`${base}@latest`)).toMatchObject({ kind: "version", version: { version: 2 } });
    expect(await resolveVersionRef(base)).toMatchObject({ kind: "model", model: { id: plain.id } });
    expect(await codeOf(resolveVersionRef(`${base}@nothing`))).toBe("NOT_FOUND");
    expect(await codeOf(resolveVersionRef(`${base}@9`))).toBe("NOT_FOUND");
    expect(await codeOf(resolveVersionRef(`${uniq("nope")}@production`))).toBe("NOT_FOUND");
  });
});
