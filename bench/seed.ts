// Bulk-loads a registry at the scale busy teams reach: 100,000 models and
// 1,000,000 versions, one model holding 100,000 of them. Everything is generated
// inside PostgreSQL (INSERT ... SELECT generate_series), deterministic per row, so
// a run takes seconds rather than the hours a per-row client loop would.
import pg from "pg";

export const SCALE = {
  models: 100_000,
  versions: 1_000_000,
  bigModelVersions: 100_000,
  checkpoints: 50_000,
  experiments: 500,
  trialsPerExperiment: 10,
};
export const BIG_MODEL = "llm-pretrain-nightly";
export const CONCURRENT_MODEL = "bench-concurrent-registration";

// 40 architectures x 30 datasets x 8 suffixes: a search term such as "mnist" matches a
// few percent of the models, as it would in a registry shared by many teams.
const ARCHS = ["resnet50", "resnet18", "resnet101", "bert-base", "bert-large", "roberta-base", "gpt2-small", "gpt2-medium", "vit-b16", "vit-l14", "yolov8n", "yolov8m", "unet", "efficientnet-b0", "efficientnet-b4", "lenet5", "t5-small", "t5-base", "whisper-tiny", "whisper-small", "llama-7b", "llama-13b", "mistral-7b", "distilbert", "mobilenet-v3", "clip-vit", "convnext-t", "swin-t", "deberta-v3", "electra-small", "xlnet-base", "wav2vec2", "hubert-base", "detr-r50", "mask-rcnn", "faster-rcnn", "dino-vits8", "sam-vit-b", "xgboost", "lightgbm"];
const DATASETS = ["imagenet", "cifar10", "cifar100", "mnist", "coco", "squad", "wikitext", "librispeech", "openimages", "glue", "ade20k", "c4", "pile", "commonvoice", "kitti", "cityscapes", "voc2012", "celeba", "lsun", "places365", "criteo", "movielens", "amazon-reviews", "imdb", "sst2", "mnli", "xsum", "cnn-dm", "laion400m", "internal-clicks"];
const SUFFIXES = ["ft", "distilled", "pruned", "int8", "base", "v2", "lora", "ema"];
const TECHNIQUES = ["mixed precision", "cosine learning-rate decay", "label smoothing", "heavy augmentation", "early stopping", "gradient checkpointing", "knowledge distillation", "LoRA adapters"];
export const LABEL_POOL = ["production", "staging", "candidate", "champion", "baseline", "deprecated", "experimental", "nlp", "vision", "audio", "tabular", "llm", "quantized", "edge", "gpu", "cpu", "team-search", "team-ads", "team-speech", "team-vision", "nightly", "weekly", "reviewed", "needs-review", "pii-free", "eu", "us", "fp16", "bf16", "onnx"];

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;
// A cheap, well-spread pseudo-random value in [0,1) from an integer, stable across runs.
const frac = (expr: string) => `((${expr})::bigint * 2654435761 % 4294967296)::float8 / 4294967296`;

export async function seed(url: string, log: (l: string) => void): Promise<{ bigModelId: number; seconds: number }> {
  const t0 = performance.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const step = async (what: string, sql: string) => {
    const t = performance.now();
    const r = await c.query(sql);
    log(`${what}: ${r.rowCount ?? ""} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await c.query("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'; SET work_mem = '256MB'");
    // Deterministic ids that are valid version-4 UUIDs (the API validates them); bench/scenarios/register.ts mirrors it.
    await c.query(`CREATE FUNCTION pg_temp.ckpt_uuid(i int) RETURNS uuid LANGUAGE sql IMMUTABLE AS
      $$ SELECT overlay(overlay(md5('ckpt' || i) PLACING '4' FROM 13) PLACING '8' FROM 17)::uuid $$`);
    const { rows: [u] } = await c.query(`SELECT id FROM users WHERE username = 'admin'`);
    const { rows: [w] } = await c.query(`SELECT id FROM workspaces WHERE name = 'Uncategorized'`);
    await step("users", `INSERT INTO users (username, display_name)
      SELECT 'user' || i, 'User ' || i FROM generate_series(1, 40) i ON CONFLICT DO NOTHING`);
    await step("workspaces", `INSERT INTO workspaces (name)
      SELECT w FROM unnest(ARRAY['Search','Ads','Speech','Vision','Research']) w ON CONFLICT DO NOTHING`);
    await step("experiments", `INSERT INTO experiments (name, state, config, searcher_type, searcher_metric, user_id, workspace_id, start_time, end_time)
      SELECT 'exp-' || i, 'COMPLETED', jsonb_build_object('name', 'exp-' || i, 'hyperparameters', jsonb_build_object('lr', 0.001 * (1 + i % 10))),
             'single', 'validation_loss', ${u.id}, ${w.id}, now() - (i || ' hours')::interval, now() - (i || ' hours')::interval + interval '40 minutes'
      FROM generate_series(1, ${SCALE.experiments}) i`);
    await step("trials", `INSERT INTO trials (experiment_id, hparams, state)
      SELECT e.id, jsonb_build_object('lr', 0.0001 * t, 'batch_size', 32 * (1 + t % 4)), 'COMPLETED'
      FROM experiments e, generate_series(1, ${SCALE.trialsPerExperiment}) t`);
    await step("checkpoints", `INSERT INTO checkpoints (uuid, task_id, allocation_id, report_time, state, resources, metadata, batch_number, framework, format, training_metrics, validation_metrics, searcher_metric, trial_id, experiment_id)
      SELECT pg_temp.ckpt_uuid(i), 'task-' || i, 'alloc-' || i, now() - (i || ' minutes')::interval, 'COMPLETED',
             jsonb_build_object('model.pt', (1000000 + i)::text, 'config.yaml', '120'),
             jsonb_build_object('steps_completed', 100 * (i % 500 + 1)), 100 * (i % 500 + 1), 'torch-2.4', 'pytorch',
             jsonb_build_object('loss', round((${frac("i")})::numeric, 4)), jsonb_build_object('validation_loss', round((${frac("i + 7")})::numeric, 4)),
             ${frac("i + 7")}, t.id, t.experiment_id
      FROM generate_series(1, ${SCALE.checkpoints}) i
      JOIN trials t ON t.id = (SELECT min(id) FROM trials) + (i % (${SCALE.experiments * SCALE.trialsPerExperiment}))`);
    const archs = arr(ARCHS), datasets = arr(DATASETS), suffixes = arr(SUFFIXES), techs = arr(TECHNIQUES), labels = arr(LABEL_POOL);
    // Model 1 of the series is the big one; the last one receives the concurrent registrations.
    await step("models", `INSERT INTO models (name, description, metadata, labels, user_id, workspace_id, creation_time, last_updated_time)
      SELECT CASE WHEN i = 1 THEN '${BIG_MODEL}' WHEN i = ${SCALE.models} THEN '${CONCURRENT_MODEL}'
                  ELSE (${archs})[1 + i % ${ARCHS.length}] || '-' || (${datasets})[1 + (i / 40) % ${DATASETS.length}] || '-' || (${suffixes})[1 + (i / 7) % ${SUFFIXES.length}] || '-' || lpad(i::text, 5, '0') END,
             'Fine-tuned ' || (${archs})[1 + i % ${ARCHS.length}] || ' on ' || (${datasets})[1 + (i / 40) % ${DATASETS.length}] || ' with ' || (${techs})[1 + i % ${TECHNIQUES.length}]
               || '. Owner: team ' || (1 + i % 40) || '; top-1 ' || round((60 + 40 * ${frac("i")})::numeric, 2) || '%.',
             jsonb_build_object('framework', 'pytorch', 'params_m', 1 + i % 700, 'dataset', (${datasets})[1 + (i / 40) % ${DATASETS.length}]),
             ARRAY(SELECT (${labels})[1 + (i * 7 + k * 13) % ${LABEL_POOL.length}] FROM generate_series(1, i % 6) k),
             (SELECT id FROM users ORDER BY id LIMIT 1 OFFSET i % 40),
             (SELECT id FROM workspaces ORDER BY id LIMIT 1 OFFSET i % 6),
             now() - ((${SCALE.models} - i) || ' minutes')::interval, now() - ((${SCALE.models} - i) || ' minutes')::interval
      FROM generate_series(1, ${SCALE.models}) i`);
    const { rows: [big] } = await c.query(`SELECT id FROM models WHERE name = '${BIG_MODEL}'`);
    const { rows: [range] } = await c.query(`SELECT min(id) AS lo, max(id) AS hi FROM models`);
    const others = SCALE.versions - SCALE.bigModelVersions;
    // The other 900,000 versions go to the other models with a skew (low ids get more),
    // numbered 1..n per model by row_number, as registerVersion would have.
    await step("versions", `INSERT INTO model_versions (model_id, version, checkpoint_uuid, name, comment, labels, metadata, user_id, creation_time, last_updated_time)
      SELECT model_id, row_number() OVER (PARTITION BY model_id ORDER BY j), pg_temp.ckpt_uuid(1 + j % ${SCALE.checkpoints}),
             CASE WHEN j % 3 = 0 THEN 'rc-' || j ELSE '' END, 'nightly retrain ' || j,
             CASE WHEN j % 5 = 0 THEN ARRAY['reviewed'] ELSE ARRAY[]::text[] END, jsonb_build_object('step', j), ${u.id},
             now() - ((${SCALE.versions} - j) || ' seconds')::interval, now() - ((${SCALE.versions} - j) || ' seconds')::interval
      FROM (SELECT j, CASE WHEN j <= ${SCALE.bigModelVersions} THEN ${big.id}
                           ELSE ${range.lo} + 1 + floor(power(${frac("j")}, 1.5) * ${SCALE.models - 2})::int END AS model_id
            FROM generate_series(1, ${SCALE.versions}) j) s
      ORDER BY model_id, j`);
    await step("denormalised counts", `UPDATE models m SET num_versions = v.n, last_version = v.n, last_updated_time = greatest(m.last_updated_time, v.latest)
      FROM (SELECT model_id, count(*)::int AS n, max(creation_time) AS latest FROM model_versions GROUP BY model_id) v
      WHERE v.model_id = m.id`);
    await step("archive 1 in 20", `UPDATE models SET archived = true WHERE id % 20 = 0 AND name NOT IN ('${BIG_MODEL}', '${CONCURRENT_MODEL}')`);
    // The bulk insert bypassed the domain, so set the kept model counts (decision 009) as it would have.
    await step("model counts", `INSERT INTO model_counts (key, value)
      SELECT 'all', count(*)::int FROM models UNION ALL SELECT 'archived', (count(*) FILTER (WHERE archived))::int FROM models
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
    log(`(${others} versions spread over the other models)`);
    await step("vacuum analyze", "VACUUM (ANALYZE)");
    return { bigModelId: big.id, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await c.end();
  }
}
