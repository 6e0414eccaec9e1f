import "server-only";
import { db } from "../../db/client";

/**
 * Names of the validation metrics reported by an experiment's checkpoints, searcher
 * metric first, then alphabetical. Read across all of its checkpoints (not one page)
 * so a table's columns stay the same whichever way it is sorted or paged.
 */
export async function listExperimentMetricNames(experimentId: number, searcherMetric?: string | null): Promise<string[]> {
  const rows = await db().$queryRaw<{ name: string }[]>`
    SELECT DISTINCT jsonb_object_keys(validation_metrics) AS name
      FROM checkpoints
     WHERE experiment_id = ${experimentId} AND jsonb_typeof(validation_metrics) = 'object'
     ORDER BY name`;
  const names = rows.map((r) => r.name);
  if (!searcherMetric) return names;
  return [searcherMetric, ...names.filter((n) => n !== searcherMetric)];
}
