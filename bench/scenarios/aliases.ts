// Issue 12's bench rows: resolving an alias, what it named at an instant, the model as of
// an instant, and the model list filtered by an alias; on the 100k-model, 1M-version
// registry plus 100,000 alias moves on the big model (seeded here, in SQL, as the domain
// would have written them: model_aliases rows and their history events).
import pg from "pg";
import { BIG_MODEL, SCALE } from "../seed";
import { okGet, timeIt, type Client } from "../http";
import { ms, type Result } from "../report";

export const ALIAS_MOVES = 100_000;
const NAMES = ["production", "staging", "canary", "shadow"];
const MODEL_EDITS = 1_000;
/** The moves are spread one every 30 s, ending a minute ago. */
const STEP_S = 30;

/**
 * Seeds, in SQL: 100,000 SET/MOVE events over 4 aliases of the big model (the version
 * each names is a deterministic function of the move's number, so each event's `before`
 * is the previous one's `after`), the 4 current model_aliases rows, 1,000 edits of its
 * description and metadata (what model `?at=` undoes), and `production` on one model in
 * ten (`staging` on one in twenty) for the list filter.
 */
export async function seedAliases(url: string, log: (l: string) => void): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const step = async (what: string, sql: string) => {
    const t = performance.now();
    const r = await c.query(sql);
    log(`${what}: ${r.rowCount ?? ""} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await c.query("SET synchronous_commit = off");
    const { rows: [big] } = await c.query(`SELECT id FROM models WHERE name = '${BIG_MODEL}'`);
    const names = `ARRAY[${NAMES.map((n) => `'${n}'`).join(",")}]`;
    const v = (j: string) => `(1 + ((${j}) * 7919) % ${SCALE.bigModelVersions})`;
    const at = (j: string) => `date_trunc('milliseconds', now()) - interval '1 minute' - ((${ALIAS_MOVES} - (${j})) * interval '${STEP_S} seconds')`;
    await step("alias moves on the big model", `
      INSERT INTO history_events (at, user_id, username, object_type, object_id, object_key, model_id, action, changes)
      SELECT ${at("j")}, NULL, 'user' || (j % 40), 'ALIAS', '${big.id}@' || (${names})[1 + j % 4], '${BIG_MODEL}@' || (${names})[1 + j % 4],
             ${big.id}, CASE WHEN j <= 4 THEN 'SET' ELSE 'MOVE' END,
             jsonb_build_array(
               CASE WHEN j <= 4 THEN jsonb_build_object('field', 'version', 'after', ${v("j")})
                    ELSE jsonb_build_object('field', 'version', 'before', ${v("j - 4")}, 'after', ${v("j")}) END,
               jsonb_build_object('field', 'reason', 'after', 'nightly promotion ' || j))
      FROM generate_series(1, ${ALIAS_MOVES}) j`);
    await step("current aliases of the big model", `
      INSERT INTO model_aliases (model_id, alias, version, set_at, set_by, reason)
      SELECT ${big.id}, (${names})[1 + j % 4], ${v("j")}, ${at("j")}, 'user' || (j % 40), 'nightly promotion ' || j
      FROM generate_series(${ALIAS_MOVES - 3}, ${ALIAS_MOVES}) j`);
    await step("edits of the big model", `
      INSERT INTO history_events (at, user_id, username, object_type, object_id, object_key, model_id, action, changes)
      SELECT ${at(`k * ${ALIAS_MOVES / MODEL_EDITS} - 2`)}, NULL, 'user' || (k % 40), 'MODEL', '${big.id}', '${BIG_MODEL}', ${big.id}, 'UPDATE',
             jsonb_build_array(jsonb_build_object('field', 'description', 'before', 'nightly build ' || (k - 1), 'after', 'nightly build ' || k),
                               jsonb_build_object('field', 'metadata.step', 'before', k - 1, 'after', k))
      FROM generate_series(1, ${MODEL_EDITS}) k`);
    await c.query(`UPDATE models SET description = 'nightly build ${MODEL_EDITS}', metadata = metadata || '{"step": ${MODEL_EDITS}}' WHERE id = ${big.id}`);
    for (const [alias, every] of [["production", 10], ["staging", 20]] as const) {
      await step(`${alias} on 1 model in ${every}`, `
        WITH chosen AS (SELECT id, name, num_versions FROM models WHERE id % ${every} = 3 AND num_versions > 0 AND id <> ${big.id})
        , a AS (INSERT INTO model_aliases (model_id, alias, version, set_at, set_by, reason)
                SELECT id, '${alias}', num_versions, now() - interval '1 day', 'admin', 'seeded' FROM chosen RETURNING model_id)
        INSERT INTO history_events (at, user_id, username, object_type, object_id, object_key, model_id, action, changes)
        SELECT now() - interval '1 day', NULL, 'admin', 'ALIAS', id || '@${alias}', name || '@${alias}', id, 'SET',
               jsonb_build_array(jsonb_build_object('field', 'version', 'after', num_versions))
        FROM chosen`);
    }
    await step("analyze", "ANALYZE history_events; ANALYZE model_aliases; ANALYZE models");
  } finally {
    await c.end();
  }
}

/** Instants spread across the span of the moves (after every alias was first set), in a fixed shuffled order. */
function instants(n: number): string[] {
  const end = Date.now() - 90_000;
  const span = (ALIAS_MOVES - 10) * STEP_S * 1000;
  return Array.from({ length: n }, (_, i) => new Date(end - span + (span * ((i * 37) % n)) / n).toISOString());
}

export async function measureAliases(opts: { client: Client; n: number; log: (l: string) => void }): Promise<Result[]> {
  const base = `/api/v1/models/${encodeURIComponent(BIG_MODEL)}`;
  const times = instants(64);
  let i = 0;
  const next = () => encodeURIComponent(times[i++ % times.length]);
  const rows: { name: string; target: number | null; path: () => string; check?: (body: Buffer) => void }[] = [
    // The floor under every row: an authenticated request reading one small row (the machine's load shows here).
    { name: "floor: GET /api/v1/me (authenticated, one small query)", target: null, path: () => "/api/v1/me" },
    {
      name: "alias resolution: GET /models/{big}/aliases/production (with the version it names)", target: 5,
      path: () => `${base}/aliases/production`,
      check: (b) => { if (!JSON.parse(b.toString()).modelVersion) throw new Error("no modelVersion in the reply"); },
    },
    { name: "alias resolution: GET /models/{big}/versions/@production", target: 5, path: () => `${base}/versions/@production` },
    { name: "?at= resolution: GET /models/{big}/aliases/production?at=<random instant>", target: 20, path: () => `${base}/aliases/production?at=${next()}` },
    { name: "model ?at=: GET /models/{big}?at=<random instant> (fields, version count, aliases)", target: 50, path: () => `${base}?at=${next()}` },
    { name: "list filtered by alias: GET /models?alias=production&limit=50", target: 20, path: () => "/api/v1/models?alias=production&limit=50" },
    { name: "list filtered by alias, newest first: GET /models?alias=staging&sortBy=SORT_BY_LAST_UPDATED_TIME&orderBy=ORDER_BY_DESC&limit=50", target: 20, path: () => "/api/v1/models?alias=staging&sortBy=SORT_BY_LAST_UPDATED_TIME&orderBy=ORDER_BY_DESC&limit=50" },
  ];
  const results: Result[] = [];
  for (const r of rows) {
    const first = await okGet(opts.client, r.path())();
    r.check?.(first);
    const s = await timeIt(() => okGet(opts.client, r.path())(), opts.n);
    const measured = `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`;
    opts.log(`aliases | ${r.name}: ${measured}`);
    results.push({
      group: "aliases (100,000 moves on the big model)", name: r.name, target: r.target === null ? "reported" : `p50 < ${r.target} ms`,
      measured, pass: r.target === null ? null : s.p50 < r.target, data: { ...s },
    });
  }
  return results;
}
