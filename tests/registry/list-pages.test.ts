// The paths that keep lists fast at scale (decision 009) must return exactly the rows
// and totals of the plain query: pages read by id, workspace order from grouped
// counts, totals from the kept model counts and num_versions.
import { describe, expect, it } from "vitest";
import { db } from "../../lib/db/client";
import {
  archiveModel, createModel, deleteModel, deleteVersion, listModelLabels, listModels, listVersions, registerVersion, unarchiveModel, updateModel,
} from "../../lib/registry";
import { modelSelect, modelsByIds, toModel } from "../../lib/registry/models/select";
import { admin, makeCheckpoint, uniq } from "../support/factories";

const SORTS = ["id", "name", "description", "creationTime", "lastUpdatedTime", "numVersions", "workspace"] as const;

async function expectTotalsMatchCounts() {
  const [all, archived] = await Promise.all([db().model.count(), db().model.count({ where: { archived: true } })]);
  expect((await listModels({ reader: admin, limit: 1 })).total).toBe(all);
  expect((await listModels({ reader: admin, limit: 1, archived: true })).total).toBe(archived);
  expect((await listModels({ reader: admin, limit: 1, archived: false })).total).toBe(all - archived);
}

describe("listModels pages", () => {
  it("returns for every sort, order and offset the same rows as one query over everything", async () => {
    const tag = uniq("pages");
    const spaces = await Promise.all(["b", "a", "c"].map((x) => db().workspace.create({ data: { name: `${tag}-ws-${x}` } })));
    const cp = await makeCheckpoint();
    for (let i = 0; i < 11; i++) {
      const m = await createModel({ actor: admin, input: { name: `${tag}-${(i * 7) % 11}`, description: i % 3 ? "same" : `d${i}`, workspace: spaces[i % 3].name } });
      for (let v = 0; v < i % 4; v++) await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid });
    }
    for (const sortBy of SORTS) {
      for (const orderBy of ["asc", "desc"] as const) {
        const all = (await listModels({ reader: admin, name: tag, sortBy, orderBy, limit: 0 })).models.map((m) => m.name);
        expect(all).toHaveLength(11);
        for (let offset = 0; offset <= 12; offset += 2) {
          const page = await listModels({ reader: admin, name: tag, sortBy, orderBy, offset, limit: 3 });
          expect(page.models.map((m) => m.name), `${sortBy} ${orderBy} @${offset}`).toEqual(all.slice(offset, offset + 3));
          expect(page.total).toBe(11);
        }
      }
    }
    const byWorkspace = (await listModels({ reader: admin, name: tag, sortBy: "workspace", limit: 0 })).models.map((m) => m.workspaceName);
    expect(byWorkspace).toEqual([...byWorkspace].sort());
  });

  it("filters (written in SQL) select exactly what the same filter in Prisma selects", async () => {
    const tag = uniq("filt");
    const ws = await Promise.all(["x", "y"].map((x) => db().workspace.create({ data: { name: `${tag}-ws-${x}` } })));
    const users = await Promise.all(["p", "q"].map((x) => db().user.create({ data: { username: `${tag}-u-${x}`, admin: true } })));
    const actors = users.map((u) => ({ userId: u.id, username: u.username, admin: true }));
    const specs = [
      { name: `${tag}_under`, description: "Uses 100% of MNIST", labels: ["prod", "eu"] },
      { name: `${tag}xunder`, description: "uses 100 of mnist", labels: ["prod"] },
      { name: `${tag}-plain`, description: "back\\slash", labels: [] },
      { name: `${tag}-arch`, description: "", labels: ["eu"] },
    ];
    for (const [i, spec] of specs.entries()) await createModel({ actor: actors[i % 2], input: { ...spec, workspace: ws[i % 2].name } });
    await archiveModel({ actor: admin, model: `${tag}-arch` });
    const mine = { name: { startsWith: tag } };
    const cases: [Omit<Parameters<typeof listModels>[0], "reader">, object][] = [
      // % _ and \\ are characters here, not wildcards (Prisma's own `contains` would treat them as wildcards).
      [{ name: `${tag}_u` }, { name: `${tag}_under` }],
      [{ name: tag.toUpperCase() }, mine],
      [{ description: "100%" }, { description: "Uses 100% of MNIST" }],
      [{ description: "mnist" }, { description: { contains: "mnist", mode: "insensitive" } }],
      [{ description: "\\" }, { description: "back\\slash" }],
      [{ labels: ["eu", "nope"] }, { labels: { hasSome: ["eu", "nope"] } }],
      [{ archived: true }, { archived: true }],
      [{ archived: false }, { archived: false }],
      [{ usernames: [users[0].username] }, { userId: users[0].id }],
      [{ userIds: [users[1].id], usernames: [users[0].username] }, { userId: { in: users.map((u) => u.id) } }],
      [{ workspaceNames: [ws[1].name] }, { workspaceId: ws[1].id }],
      [{ workspaceIds: [ws[0].id], labels: ["prod"] }, { workspaceId: ws[0].id, labels: { has: "prod" } }],
      [{ id: 2 ** 40 }, { id: -1 }],
    ];
    for (const [filter, prismaWhere] of cases) {
      const ours = (await listModels({ reader: admin, ...filter, name: filter!.name ?? tag, limit: 0 })).models.map((m) => m.name).sort();
      const theirs = (await db().model.findMany({ where: { AND: [mine, prismaWhere] }, select: { name: true } })).map((m) => m.name).sort();
      expect(ours, JSON.stringify(filter)).toEqual(theirs);
    }
    expect((await listModels({ reader: admin, name: tag, limit: 0 })).models).toHaveLength(4);
  });

  it("runs on a database where ILIKE is declared costly, so substring filters use the trigram indexes", async () => {
    const [{ procost }] = await db().$queryRaw<{ procost: number }[]>`SELECT procost FROM pg_proc WHERE oid = 'pg_catalog.texticlike(text, text)'::regprocedure`;
    expect(procost).toBe(100);
  });

  it("reads a page's rows in SQL exactly as the Prisma select every other read uses", async () => {
    const tag = uniq("rows");
    await createModel({ actor: admin, input: { name: `${tag}-a`, description: "d", labels: ["x", "y"], metadata: { k: [1, { n: null }] }, notes: "# n" } });
    await createModel({ actor: admin, input: { name: `${tag}-b` } });
    await archiveModel({ actor: admin, model: `${tag}-b` });
    const ids = (await db().model.findMany({ where: { name: { startsWith: tag } }, select: { id: true } })).map((m) => m.id);
    const viaPrisma = (await db().model.findMany({ where: { id: { in: ids } }, select: modelSelect })).map(toModel);
    const viaSql = await modelsByIds(ids);
    const byId = <T extends { id: number }>(xs: T[]) => [...xs].sort((a, b) => a.id - b.id);
    expect(byId(viaSql)).toEqual(byId(viaPrisma));
  });

  it("keeps the unfiltered totals exact through creates, archives, unarchives and deletes", async () => {
    const tag = uniq("totals");
    await expectTotalsMatchCounts();
    const made = await Promise.all(Array.from({ length: 6 }, (_, i) => createModel({ actor: admin, input: { name: `${tag}-${i}` } })));
    await expectTotalsMatchCounts();
    await Promise.all([archiveModel({ actor: admin, model: made[0].name }), archiveModel({ actor: admin, model: made[0].name }), archiveModel({ actor: admin, model: made[1].name })]);
    await expectTotalsMatchCounts();
    await Promise.all([unarchiveModel({ actor: admin, model: made[1].name }), deleteModel({ actor: admin, model: made[0].name }), deleteModel({ actor: admin, model: made[2].name })]);
    await expectTotalsMatchCounts();
  });

  it("starts counting correctly on a database whose counts were never kept, under concurrent writers", async () => {
    const tag = uniq("fresh");
    const a = await createModel({ actor: admin, input: { name: `${tag}-a` } });
    await archiveModel({ actor: admin, model: a.name });
    await db().modelCount.deleteMany({});
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => createModel({ actor: admin, input: { name: `${tag}-${i}` } })),
      deleteModel({ actor: admin, model: a.name }),
    ]);
    await expectTotalsMatchCounts();
  });
});

describe("label counts (decision 020)", () => {
  /** What the kept counts must equal: each model counted once per distinct label, over the table. */
  async function countedFromModels(prefix: string) {
    const rows = await db().$queryRaw<{ label: string; n: number }[]>`
      SELECT l.label, count(*)::int AS n FROM models m, LATERAL (SELECT DISTINCT unnest(m.labels) AS label) l
       WHERE l.label LIKE ${`${prefix}%`} GROUP BY l.label`;
    return Object.fromEntries(rows.map((r) => [r.label, r.n]));
  }
  async function kept(prefix: string) {
    const rows = await db().modelLabel.findMany({ where: { label: { startsWith: prefix }, models: { gt: 0 } } });
    return Object.fromEntries(rows.map((r) => [r.label, r.models]));
  }

  it("follow creates, label edits, renames, archives and deletes, and list labels by use", async () => {
    const tag = uniq("lc");
    const [a, b, c] = ["a", "b", "c"].map((x) => `${tag}-${x}`);
    await createModel({ actor: admin, input: { name: `${tag}-1`, labels: [a, b] } });
    await createModel({ actor: admin, input: { name: `${tag}-2`, labels: [b, c, b] } });
    await createModel({ actor: admin, input: { name: `${tag}-3`, labels: [b] } });
    expect(await kept(tag)).toEqual({ [a]: 1, [b]: 3, [c]: 1 });
    await updateModel({ actor: admin, model: `${tag}-1`, input: { labels: [c] } });
    await updateModel({ actor: admin, model: `${tag}-2`, input: { name: `${tag}-2x`, description: "labels untouched" } });
    await archiveModel({ actor: admin, model: `${tag}-3` });
    expect(await kept(tag)).toEqual({ [b]: 2, [c]: 2 });
    await deleteModel({ actor: admin, model: `${tag}-2x` });
    expect(await kept(tag)).toEqual({ [b]: 1, [c]: 1 });
    expect(await kept(tag)).toEqual(await countedFromModels(tag));
    const labels = (await listModelLabels({ reader: admin })).filter((l) => l.startsWith(tag));
    expect(labels).toEqual([b, c]); // a fell out of use; b and c tie at 1, by name
  });

  it("stay exact under concurrent writers with overlapping labels", async () => {
    const tag = uniq("lcc");
    const pool = ["p", "q", "r", "s"].map((x) => `${tag}-${x}`);
    await Promise.all(Array.from({ length: 24 }, (_, i) =>
      createModel({ actor: admin, input: { name: `${tag}-${i}`, labels: i % 2 ? [pool[i % 4], pool[(i + 1) % 4]] : [pool[(i + 2) % 4], pool[i % 4]] } })));
    await Promise.all(Array.from({ length: 24 }, (_, i) =>
      i % 3 ? updateModel({ actor: admin, model: `${tag}-${i}`, input: { labels: [pool[(i + 3) % 4], pool[(i + 1) % 4]] } }) : deleteModel({ actor: admin, model: `${tag}-${i}` })));
    expect(await kept(tag)).toEqual(await countedFromModels(tag));
  });
});

describe("listVersions pages", () => {
  it("pages by version and by creation time like one query, with num_versions as the total", async () => {
    const m = await createModel({ actor: admin, input: { name: uniq("vpages") } });
    const cp = await makeCheckpoint();
    for (let i = 0; i < 9; i++) await registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid, input: { comment: `c${i}` } });
    await deleteVersion({ actor: admin, model: m.name, version: 4 });
    for (const sortBy of ["version", "creationTime"] as const) {
      for (const orderBy of ["asc", "desc"] as const) {
        const all = (await listVersions(m.name, { sortBy, orderBy, limit: 0 })).versions.map((v) => v.version);
        expect(all).toHaveLength(8);
        for (let offset = 0; offset <= 9; offset += 3) {
          const page = await listVersions(m.name, { sortBy, orderBy, offset, limit: 3 });
          expect(page.versions.map((v) => v.version)).toEqual(all.slice(offset, offset + 3));
          expect(page.total).toBe(8);
          expect(page.versions.every((v) => v.model.name === m.name && v.checkpoint.uuid === cp.uuid)).toBe(true);
        }
      }
    }
  });
});
