import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";
import type { Actor } from "../actor";
import { notFound } from "../errors";
import { readScope } from "../workspaces/read-scope";

const experimentSelect = {
  id: true, name: true, description: true, state: true, config: true, searcherType: true,
  searcherMetric: true, smallerIsBetter: true, archived: true, startTime: true, endTime: true,
  userId: true, workspaceId: true,
  user: { select: { username: true } },
  _count: { select: { trials: true, checkpoints: true } },
} as const;

export type TExperiment = Awaited<ReturnType<typeof getExperiment>>;

function toExperiment(row: NonNullable<Awaited<ReturnType<typeof findRow>>>) {
  const { user, _count, config, ...rest } = row;
  return { ...rest, config: (config ?? {}) as Record<string, unknown>, username: user.username, numTrials: _count.trials, numCheckpoints: _count.checkpoints };
}

const findRow = (id: number) => db().experiment.findUnique({ where: { id }, select: experimentSelect });

export const getExperiment = edge(async function getExperiment(id: number | string) {
  const num = Number(id);
  if (!Number.isSafeInteger(num) || num < 1) throw notFound(`Experiment ${id}`);
  const row = await findRow(num);
  if (!row) throw notFound(`Experiment ${id}`);
  return toExperiment(row);
});

/** The experiments in the workspaces `reader` may read (workspaces/read-scope.ts), newest first. */
export const listExperiments = edge(async function listExperiments(
  { reader, offset = 0, limit = 100 }: { reader: Actor; offset?: number; limit?: number },
) {
  const scope = await readScope(reader);
  const where = scope.all ? {} : { workspaceId: { in: scope.ids } };
  const [rows, total] = await Promise.all([
    db().experiment.findMany({ where, orderBy: { id: "desc" }, skip: offset, take: limit || undefined, select: experimentSelect }),
    db().experiment.count({ where }),
  ]);
  return { experiments: rows.map(toExperiment), total };
});

export const listTrials = edge(async function listTrials(experimentId: number) {
  return db().trial.findMany({ where: { experimentId }, orderBy: { id: "asc" } });
});
