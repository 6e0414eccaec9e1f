// Group commit of version registrations (docs/decisions/016): numbers stay exactly
// 1..N with counters and history agreeing, and one bad member never costs the others.
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { db } from "../../lib/db/client";
import { ANONYMOUS, RegistryError, registerVersion, setWorkspaceRole, type Actor } from "../../lib/registry";
import { admin, makeCheckpoint, makeModel, uniq } from "../support/factories";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const byNumber = (a: number, b: number) => a - b;
const outcome = (p: Promise<{ version: number }>) =>
  p.then((v) => v.version, (e) => (e instanceof RegistryError ? e.code : `THREW ${e}`));

/** What the database holds for a model; a version's creation_time is its transaction's start, so distinct times count transactions. */
async function stored(modelId: number) {
  const versions = await db().modelVersion.findMany({
    where: { modelId }, orderBy: { version: "asc" }, select: { version: true, creationTime: true, checkpointUuid: true, comment: true },
  });
  const model = await db().model.findUniqueOrThrow({ where: { id: modelId }, select: { numVersions: true, lastVersion: true } });
  const events = await db().historyEvent.findMany({
    where: { modelId, objectType: "MODEL_VERSION", action: "CREATE" }, select: { objectId: true, username: true, changes: true },
  });
  return { versions, model, events, transactions: new Set(versions.map((v) => v.creationTime.getTime())).size };
}

async function modelCounts() {
  const rows = await db().modelCount.findMany({ select: { key: true, value: true } });
  const kept = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const [all, archived] = await Promise.all([db().model.count(), db().model.count({ where: { archived: true } })]);
  return { kept, counted: { all, archived } };
}

async function userWith(role: "VIEWER" | "EDITOR"): Promise<Actor> {
  const u = await db().user.create({ data: { username: uniq("user") } });
  await setWorkspaceRole({ actor: admin, input: { username: u.username, workspace: "Uncategorized", role } });
  return { userId: u.id, username: u.username, admin: false };
}

describe("registerVersion under concurrency (group commit)", () => {
  it("64 concurrent registrations get exactly 1..64 in a few shared transactions; counters and history agree", async () => {
    const m = await makeModel();
    const cps = [await makeCheckpoint(), await makeCheckpoint(), await makeCheckpoint()];
    const before = await modelCounts();
    const results = await Promise.all(range(64).map((i) => registerVersion({ actor: admin, model: m.name, checkpointUuid: cps[i % 3].uuid, input: { comment: `call ${i}` } })));

    expect(results.map((v) => v.version).sort(byNumber)).toEqual(range(64));
    // Each caller gets its own version back, not a neighbour's.
    results.forEach((v, k) => {
      expect(v).toMatchObject({ comment: `call ${k + 1}`, checkpoint: { uuid: cps[(k + 1) % 3].uuid }, model: { id: m.id } });
    });
    const s = await stored(m.id);
    expect(s.versions.map((v) => v.version)).toEqual(range(64));
    expect(s.model).toEqual({ numVersions: 64, lastVersion: 64 });
    // Batched: the first call commits alone at once, the 63 that arrived meanwhile share one commit.
    expect(s.transactions).toBeGreaterThan(1);
    expect(s.transactions).toBeLessThanOrEqual(4);
    // One CREATE event per version, describing that version.
    expect(s.events.map((e) => e.objectId).sort()).toEqual(range(64).map((n) => `${m.id}/${n}`).sort());
    for (const v of s.versions) {
      const e = s.events.find((x) => x.objectId === `${m.id}/${v.version}`)!;
      expect(e.username).toBe("admin");
      expect(e.changes).toEqual(expect.arrayContaining([
        { field: "checkpointUuid", after: v.checkpointUuid },
        { field: "comment", after: v.comment },
      ]));
    }
    // Registrations leave the model counts alone, and they still match the table.
    const after = await modelCounts();
    expect(after.kept).toEqual(before.kept);
    expect(after.kept).toEqual(after.counted);
  });

  it("refused members of a batch get their own errors; the others register with no gap in one transaction", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const gone = await makeCheckpoint();
    await db().checkpoint.update({ where: { uuid: gone.uuid }, data: { state: "DELETED" } });
    const viewer = await userWith("VIEWER");
    const editor = await userWith("EDITOR");
    const calls: [expected: string, run: () => Promise<{ version: number }>][] = [
      ["OK", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })], // commits alone; the rest queue behind it
      ["OK", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })],
      ["NOT_FOUND", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: "6f1c7c2e-8d3e-4c59-9d3e-000000000000" })],
      ["OK", () => registerVersion({ actor: editor, model: m.name, checkpointUuid: cp.uuid, input: {} })],
      ["FAILED_PRECONDITION", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: gone.uuid })],
      ["FORBIDDEN", () => registerVersion({ actor: viewer, model: m.name, checkpointUuid: cp.uuid, input: {} })],
      ["OK", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })],
      ["INVALID", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid, input: { labels: ["  "] } })],
      ["UNAUTHENTICATED", () => registerVersion({ actor: ANONYMOUS, model: m.name, checkpointUuid: cp.uuid, input: {} })],
      ["OK", () => registerVersion({ actor: admin, model: m.name, checkpointUuid: cp.uuid })],
    ];
    const got = await Promise.all(calls.map(([, run]) => outcome(run())));

    expect(got.map((g) => (typeof g === "number" ? "OK" : g))).toEqual(calls.map(([code]) => code));
    expect(got.filter((g): g is number => typeof g === "number").sort(byNumber)).toEqual(range(5));
    const s = await stored(m.id);
    expect(s.versions.map((v) => v.version)).toEqual(range(5));
    expect(s.model).toEqual({ numVersions: 5, lastVersion: 5 });
    expect(s.events).toHaveLength(5);
    // The refusals did not break the shared transaction (no one-by-one fallback).
    expect(s.transactions).toBe(2);
  });

  it("a member that breaks the shared transaction is retried alone: it gets its own error, the others still get 1..N", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    const doomed = await makeCheckpoint();
    // Delete `doomed` in a transaction left open: the checks still see it, and the
    // batch's INSERT waits on its row until we commit, then fails its foreign key.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      expect((await other.query("DELETE FROM checkpoints WHERE uuid = $1", [doomed.uuid])).rowCount).toBe(1);
      const pending = [cp, cp, doomed, cp, cp].map((c) => outcome(registerVersion({ actor: admin, model: m.name, checkpointUuid: c.uuid })));
      for (let i = 0; ; i++) {
        // pg_stat_activity is read once per transaction: refresh it each time.
        await other.query("SELECT pg_stat_clear_snapshot()");
        const { rows } = await other.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO model_versions%'`);
        if (rows[0].n > 0) break;
        if (i > 400) throw new Error("the batch never waited at its INSERT");
        await new Promise((r) => setTimeout(r, 25));
      }
      await other.query("COMMIT");
      const got = await Promise.all(pending);
      expect(got[2]).toBe("NOT_FOUND");
      expect([got[0], got[1], got[3], got[4]].map(Number).sort(byNumber)).toEqual(range(4));
    } finally {
      await other.end();
    }
    const s = await stored(m.id);
    expect(s.versions.map((v) => v.version)).toEqual(range(4));
    expect(s.model).toEqual({ numVersions: 4, lastVersion: 4 });
    expect(s.events).toHaveLength(4);
  });

  it("two independent committers (as two server processes) on one model still get exactly 1..N", async () => {
    const m = await makeModel();
    const cp = await makeCheckpoint();
    // A second copy of the module has its own queues, as another process would:
    // only the model row's lock keeps the two apart.
    vi.resetModules();
    const second = (await import("../../lib/registry/versions/register-version")).registerVersion;
    expect(second).not.toBe(registerVersion);
    const results = await Promise.all(range(64).map((i) => (i % 2 ? registerVersion : second)({ actor: admin, model: m.name, checkpointUuid: cp.uuid })));
    expect(results.map((v) => v.version).sort(byNumber)).toEqual(range(64));
    const s = await stored(m.id);
    expect(s.versions.map((v) => v.version)).toEqual(range(64));
    expect(s.model).toEqual({ numVersions: 64, lastVersion: 64 });
    expect(s.events).toHaveLength(64);
  });
});
