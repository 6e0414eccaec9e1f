// 64 clients registering 2,000 versions on one model at once through the API; the
// numbers must come out exactly 1..2000 and the denormalised counters must agree.
// Run twice: as Determined's clients do (no key), and with an Idempotency-Key on
// every request (as mreg does; decision 035), on a model of its own.
import crypto from "node:crypto";
import pg from "pg";
import { Client, requireRoute } from "../http";
import { CONCURRENT_MODEL, SCALE } from "../seed";
import type { Result } from "../report";

const CLIENTS = 64;
const TOTAL = 2000;

/** The seeded checkpoints' ids: md5('ckpt' || i) made a valid v4 uuid (bench/seed.ts). */
export const seededCheckpoint = (i: number) => {
  const m = crypto.createHash("md5").update(`ckpt${i}`).digest("hex");
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export async function measureRegistration(opts: { port: number; token: string; databaseUrl: string; log: (l: string) => void; keyed?: boolean }): Promise<Result> {
  const client = new Client(opts.port, CLIENTS);
  client.token = opts.token;
  let next = 0;
  const errors: string[] = [];
  const model = opts.keyed ? `${CONCURRENT_MODEL}-keyed` : CONCURRENT_MODEL;
  if (opts.keyed) await client.json("POST", "/api/v1/models", { name: model });
  const path = `/api/v1/models/${encodeURIComponent(model)}/versions`;
  await requireRoute(client, "GET", path);
  const worker = async () => {
    while (next < TOTAL) {
      const i = next++;
      try {
        const headers: Record<string, string> = opts.keyed ? { "idempotency-key": crypto.randomUUID() } : {};
        const r = await client.request("POST", path, { checkpointUuid: seededCheckpoint(1 + (i % SCALE.checkpoints)), comment: `concurrent ${i}` }, headers);
        if (r.status !== 200) errors.push(`HTTP ${r.status} ${r.body.toString().slice(0, 200)}`);
      } catch (e) {
        errors.push(String(e));
      }
    }
  };
  const t = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - t) / 1000;
  client.close();

  const db = new pg.Client({ connectionString: opts.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ version: number }>(
    `SELECT v.version FROM model_versions v JOIN models m ON m.id = v.model_id WHERE m.name = $1 ORDER BY v.version`, [model]);
  const { rows: [m] } = await db.query(`SELECT num_versions, last_version FROM models WHERE name = $1`, [model]);
  await db.end();
  const exact = rows.length === TOTAL && rows.every((r, i) => r.version === i + 1);
  const countersOk = m.num_versions === TOTAL && m.last_version === TOTAL;
  const rate = TOTAL / seconds;
  const measured = `${rate.toFixed(0)} versions/s, ${errors.length} errors, numbers ${exact ? "exactly 1..2000" : `WRONG (${rows.length} rows)`}, counters ${countersOk ? "agree" : "DISAGREE"}`;
  opts.log(`registration${opts.keyed ? " (keyed)" : ""} | ${measured}${errors.length ? `; first error: ${errors[0]}` : ""}`);
  return {
    group: "concurrent registration",
    name: `${CLIENTS} clients x ${TOTAL} versions on one model${opts.keyed ? ", each with an Idempotency-Key" : ""}`,
    target: ">= 500 versions/s, 0 errors, exactly 1..2000", measured,
    pass: rate >= 500 && errors.length === 0 && exact && countersOk,
    data: { seconds, rate, errors: errors.length, firstErrors: errors.slice(0, 5), exact, countersOk },
  };
}
