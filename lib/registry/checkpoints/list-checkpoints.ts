import "server-only";
import { edge } from "../edge";
import { db, Prisma } from "../../db/client";
import { ZListCheckpoints, type TListCheckpoints } from "../../schemas";
import { parse } from "../errors";
import { checkpointSelect, toCheckpoint, type TCheckpoint } from "./select";

export type CheckpointPage = { checkpoints: TCheckpoint[]; total: number; offset: number; limit: number };

const attrOrder = {
  uuid: "uuid",
  trialId: "trialId",
  batchNumber: "batchNumber",
  endTime: "reportTime",
  state: "state",
  searcherMetric: "searcherMetric",
} as const;
const nullable = new Set<string>(["trialId", "batchNumber", "searcherMetric"]);

export const listCheckpoints = edge(async function listCheckpoints(input: TListCheckpoints): Promise<CheckpointPage> {
  const q = parse(ZListCheckpoints, input);
  const where: Prisma.CheckpointWhereInput = {
    ...(q.experimentId !== undefined ? { experimentId: q.experimentId } : {}),
    ...(q.trialId !== undefined ? { trialId: q.trialId } : {}),
    ...(q.states?.length ? { state: { in: q.states } } : {}),
  };
  const take = q.limit === 0 ? undefined : q.limit;
  const total = await db().checkpoint.count({ where });

  if (q.sortByMetric) {
    // A metric lives inside validation_metrics JSON; Prisma cannot order by a JSON
    // path, so pick the page's uuids in SQL and load the rows with the shared select.
    const dir = q.orderBy === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
    const conds = [Prisma.sql`TRUE`];
    if (q.experimentId !== undefined) conds.push(Prisma.sql`experiment_id = ${q.experimentId}`);
    if (q.trialId !== undefined) conds.push(Prisma.sql`trial_id = ${q.trialId}`);
    if (q.states?.length) conds.push(Prisma.sql`state::text IN (${Prisma.join(q.states)})`);
    const ids = await db().$queryRaw<{ uuid: string }[]>`
      SELECT uuid::text FROM checkpoints WHERE ${Prisma.join(conds, " AND ")}
      ORDER BY (CASE WHEN jsonb_typeof(validation_metrics->${q.sortByMetric}) = 'number'
                     THEN (validation_metrics->>${q.sortByMetric})::float8 END) ${dir} NULLS LAST, uuid
      OFFSET ${q.offset} ${take === undefined ? Prisma.empty : Prisma.sql`LIMIT ${take}`}`;
    const rows = await db().checkpoint.findMany({ where: { uuid: { in: ids.map((r) => r.uuid) } }, select: checkpointSelect });
    const byId = new Map(rows.map((r) => [r.uuid, r]));
    return { checkpoints: ids.map((r) => toCheckpoint(byId.get(r.uuid)!)), total, offset: q.offset, limit: q.limit };
  }

  const rows = await db().checkpoint.findMany({
    where,
    // Within one trial (or one state), checkpoints read best in training order.
    // Prisma accepts `nulls` only on nullable columns; uuid, state and reportTime never are.
    orderBy: [
      { [attrOrder[q.sortBy]]: nullable.has(q.sortBy) ? { sort: q.orderBy, nulls: "last" } : q.orderBy },
      { batchNumber: { sort: "asc", nulls: "last" } },
      { uuid: "asc" },
    ] as Prisma.CheckpointOrderByWithRelationInput[],
    skip: q.offset,
    take,
    select: checkpointSelect,
  });
  return { checkpoints: rows.map(toCheckpoint), total, offset: q.offset, limit: q.limit };
});
