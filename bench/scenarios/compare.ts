// Issue 14's bench rows: comparing 10 versions that carry 5 MB of metadata each, and the
// metric chart's data for the 100,000-version model (downsampled to at most ~2,000 points).
import pg from "pg";
import { BIG_MODEL } from "../seed";
import { okGet, timeIt, type Client } from "../http";
import { ms, type Result } from "../report";

export const COMPARE_MODEL = "bench-compare-5mb";
export const COMPARE_ALL_DIFFER = "bench-compare-5mb-all-differ";
const VERSIONS = 10;
const TABLES = 460; // top-level keys of ~11 KB (as JSON text) each: ~5 MB per version
const DIFFERING = 6; // of which this many differ between versions (a few evaluation tables and the step)

/**
 * Two models of 10 versions, each version with ~5 MB of metadata (640 tables of 500
 * numbers). On the first, versions share most tables (what a nightly retrain's metadata
 * looks like: a few evaluation tables change); on the second every table differs.
 */
export async function seedCompare(url: string, log: (l: string) => void): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query("SET synchronous_commit = off");
    const { rows: [u] } = await c.query(`SELECT id FROM users WHERE username = 'admin'`);
    const { rows: [w] } = await c.query(`SELECT id FROM workspaces WHERE name = 'Uncategorized'`);
    const { rows: cps } = await c.query(`SELECT uuid FROM checkpoints ORDER BY uuid LIMIT ${VERSIONS}`);
    for (const [model, differing] of [[COMPARE_MODEL, DIFFERING], [COMPARE_ALL_DIFFER, TABLES]] as const) {
      const t = performance.now();
      const { rows: [m] } = await c.query(
        `INSERT INTO models (name, user_id, workspace_id, num_versions, last_version) VALUES ($1, $2, $3, ${VERSIONS}, ${VERSIONS}) RETURNING id`,
        [model, u.id, w.id],
      );
      for (let v = 1; v <= VERSIONS; v++) {
        await c.query(`
          INSERT INTO model_versions (model_id, version, checkpoint_uuid, name, metadata, user_id)
          SELECT $1::int, $2::int, $3::uuid, 'nightly ' || $2::int,
                 (SELECT jsonb_object_agg('table_' || k, (SELECT jsonb_object_agg('class_' || cl, round((((k * 31 + cl * 17 + CASE WHEN k <= $4::int THEN $2::int * 7 ELSE 0 END) % 997) / 997.0)::numeric, 6))
                                                        FROM generate_series(1, 500) cl))
                    FROM generate_series(1, ${TABLES}) k) || jsonb_build_object('step', $2::int * 1000),
                 $5::int`, [m.id, v, cps[v - 1].uuid, differing, u.id]);
      }
      const { rows: [s] } = await c.query(`SELECT round(avg(length(metadata::text)) / 1048576.0, 2) AS mb FROM model_versions WHERE model_id = $1`, [m.id]);
      log(`${model}: ${VERSIONS} versions, ${s.mb} MB of metadata each (${differing} differing tables) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await c.query("ANALYZE model_versions");
  } finally {
    await c.end();
  }
}

export async function measureCompare(opts: { client: Client; n: number; log: (l: string) => void }): Promise<Result[]> {
  const versions = Array.from({ length: VERSIONS }, (_, i) => i + 1).join(",");
  const big = encodeURIComponent(BIG_MODEL);
  const rows: { group: string; name: string; target: number | null; path: string; n?: number; check?: (body: Buffer) => string }[] = [
    { group: "compare", name: "floor: GET /api/v1/me (authenticated, one small query; the machine's load shows here)", target: null, path: "/api/v1/me" },
    {
      group: "metric chart (100,000-version model)", name: "GET /models/{big}/metrics/validation_loss/series (min/max downsampled to <= 2,000 points)", target: 100,
      path: `/api/v1/models/${big}/metrics/validation_loss/series`,
      check: (b) => {
        const j = JSON.parse(b.toString());
        if (j.total !== 100_000 || j.points.length > 2002) throw new Error(`total ${j.total}, ${j.points.length} points`);
        return `${j.points.length} of ${j.total} points, ${(b.length / 1024).toFixed(0)} KB`;
      },
    },
    {
      group: "metric chart (100,000-version model)", name: "GET /models/{big}/metrics (the picker's metric names)", target: null,
      path: `/api/v1/models/${big}/metrics`,
    },
    {
      group: "compare", name: `GET /models/{m}/compare?versions=1..10 (10 versions, ~5 MB metadata each, ${DIFFERING} of ${TABLES} tables differ)`, target: 300,
      path: `/api/v1/models/${COMPARE_MODEL}/compare?versions=${versions}`,
      check: (b) => {
        const j = JSON.parse(b.toString());
        if (j.versions.length !== VERSIONS) throw new Error("not 10 versions in the reply");
        return `${(b.length / 1024).toFixed(0)} KB reply, ${j.metadata.rows.filter((r: { differs: boolean }) => r.differs).length} differing paths sent of ${j.pages?.metadata?.total ?? "?"}`;
      },
    },
    {
      group: "compare", name: `GET /models/{m}/compare?versions=1..10 (10 versions, ~5 MB metadata each, every table differs)`, target: null, n: 5,
      path: `/api/v1/models/${COMPARE_ALL_DIFFER}/compare?versions=${versions}`,
      check: (b) => {
        const j = JSON.parse(b.toString());
        return `${(b.length / 1048576).toFixed(2)} MB reply; metadata rows ${j.pages?.metadata ? `${j.pages.metadata.returned} of ${j.pages.metadata.total}` : j.metadata.rows.length}`;
      },
    },
  ];
  // The next page of the all-differ metadata rows (decision 140): the cursor comes from the first reply.
  try {
    const first = JSON.parse((await okGet(opts.client, `/api/v1/models/${COMPARE_ALL_DIFFER}/compare?versions=${versions}`)()).toString());
    const next = first.pages?.metadata?.next;
    if (next) {
      rows.push({
        group: "compare", name: "GET /models/{m}/compare?versions=1..10&section=metadata&after=... (every table differs: the next 2,000 metadata rows)", target: null, n: 5,
        path: `/api/v1/models/${COMPARE_ALL_DIFFER}/compare?versions=${versions}&section=metadata&after=${encodeURIComponent(next)}`,
        check: (b) => {
          const j = JSON.parse(b.toString());
          return `${(b.length / 1024).toFixed(0)} KB reply, rows ${j.page.returned} of ${j.page.total}`;
        },
      });
    }
  } catch (e) {
    opts.log(`compare: could not read the first page's cursor: ${(e as Error).message}`);
  }
  const results: Result[] = [];
  for (const r of rows) {
    const first = await okGet(opts.client, r.path)();
    const note = r.check?.(first);
    const s = await timeIt(okGet(opts.client, r.path), r.n ?? opts.n, r.n ? 0 : 20);
    const measured = `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}${note ? ` (${note})` : ""}`;
    opts.log(`${r.group} | ${r.name}: ${measured}`);
    results.push({
      group: r.group, name: r.name, target: r.target === null ? "reported" : `p50 < ${r.target} ms`,
      measured, pass: r.target === null ? null : s.p50 < r.target, data: { ...s },
    });
  }
  return results;
}
