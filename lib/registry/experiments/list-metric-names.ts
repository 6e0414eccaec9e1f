import "server-only";
import { edge } from "../edge";
import { db } from "../../db/client";

/**
 * Names of the validation metrics reported by an experiment's checkpoints: the
 * experiment's searcher metric first, then alphabetical. Read across all of its
 * checkpoints (not one page) so a table's columns stay put when it is sorted or paged.
 */
export const listExperimentMetricNames = edge(async function listExperimentMetricNames(experimentId: number): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    SELECT name FROM (
      SELECT DISTINCT jsonb_object_keys(validation_metrics) AS name
        FROM checkpoints
       WHERE experiment_id = ${experimentId} AND jsonb_typeof(validation_metrics) = 'object'
    ) AS k
    ORDER BY name = (SELECT searcher_metric FROM experiments WHERE id = ${experimentId}) DESC NULLS LAST, name`;
  return rows.map((r) => r.name);
});
