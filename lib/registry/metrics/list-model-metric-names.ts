import "server-only";
import { db } from "../../db/client";
import { edge } from "../edge";
import { findModelOrThrow } from "../models/select";

/**
 * The numeric validation metrics a model's versions report (what the chart can draw),
 * the searcher metric of its latest version's experiment first, then alphabetical.
 *
 * Read from model_version_metrics (decision 079) as a loose index scan: each step asks
 * the (model, metric, ...) index for the next name after the last one, so a model with
 * 100,000 versions and three metrics costs four index probes, not a DISTINCT over
 * 100,000 rows.
 */
export const listModelMetricNames = edge(async function listModelMetricNames(modelRef: string | number): Promise<string[]> {
  const model = await findModelOrThrow(db(), modelRef);
  const rows = await db().$queryRaw<{ name: string }[]>`
    WITH RECURSIVE m AS (
      (SELECT metric FROM model_version_metrics WHERE model_id = ${model.id} ORDER BY metric LIMIT 1)
      UNION ALL
      SELECT (SELECT x.metric FROM model_version_metrics x WHERE x.model_id = ${model.id} AND x.metric > m.metric ORDER BY x.metric LIMIT 1)
        FROM m WHERE m.metric IS NOT NULL
    )
    SELECT metric AS name FROM m
     WHERE metric IS NOT NULL
     ORDER BY metric = (SELECT e.searcher_metric FROM model_versions v JOIN checkpoints c ON c.uuid = v.checkpoint_uuid
                          JOIN experiments e ON e.id = c.experiment_id
                         WHERE v.model_id = ${model.id} ORDER BY v.version DESC LIMIT 1) DESC NULLS LAST, metric`;
  return rows.map((r) => r.name);
});
