import "server-only";
import { db } from "../../db/client";
import { edge } from "../edge";
import { findModelOrThrow } from "../models/select";

/**
 * The numeric validation metrics a model's versions report (what the chart can draw),
 * the searcher metric of its latest version's experiment first, then alphabetical.
 */
export const listModelMetricNames = edge(async function listModelMetricNames(modelRef: string | number): Promise<string[]> {
  const model = await findModelOrThrow(db(), modelRef);
  const rows = await db().$queryRaw<{ name: string }[]>`
    WITH m AS (
      SELECT DISTINCT k.key AS name
        FROM model_versions v
        JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
        CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(c.validation_metrics -> 'avgMetrics') = 'object' THEN c.validation_metrics -> 'avgMetrics'
                                           WHEN jsonb_typeof(c.validation_metrics) = 'object' THEN c.validation_metrics - 'batchMetrics'
                                           ELSE '{}'::jsonb END) k
       WHERE v.model_id = ${model.id} AND jsonb_typeof(k.value) = 'number'
    )
    SELECT name FROM m
     ORDER BY name = (SELECT e.searcher_metric FROM model_versions v JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
                        JOIN experiments e ON e.id = c.experiment_id
                       WHERE v.model_id = ${model.id} ORDER BY v.version DESC LIMIT 1) DESC NULLS LAST, name`;
  return rows.map((r) => r.name);
});
