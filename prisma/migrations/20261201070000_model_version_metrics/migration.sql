-- Each version's numeric validation metrics as rows (version, metric, value), kept by the
-- database for every writer, so the metric chart reads one index range in version order
-- and the picker's names are a few index probes, instead of extracting one key from the
-- JSON of every checkpoint of a 100,000-version model on each request
-- (docs/decisions/079-version-metrics-table.md).
-- CreateTable
CREATE TABLE "model_version_metrics" (
    "version_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "model_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "value" DOUBLE PRECISION NOT NULL
);

-- The chartable metrics of a checkpoint's validation_metrics: under "avgMetrics"
-- (Determined's shape) or flat, the avgMetrics value first (the rule the series always
-- had); only JSON numbers, as float8. Beyond float8's range a number is not chartable
-- (skipped) and below it is 0, as JSON.parse reads them; a cast error here would refuse
-- the registration.
CREATE FUNCTION "checkpoint_metric_values"(m JSONB) RETURNS TABLE ("metric" TEXT, "value" FLOAT8)
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT e.k, CASE WHEN abs(n.n) < 1e-307 THEN 0::float8 ELSE n.n::float8 END
    FROM (SELECT k.k, COALESCE(m -> 'avgMetrics' -> k.k, m -> k.k) AS x
            FROM (SELECT jsonb_object_keys(m -> 'avgMetrics') AS k WHERE jsonb_typeof(m -> 'avgMetrics') = 'object'
                  UNION
                  SELECT jsonb_object_keys(m) WHERE jsonb_typeof(m) = 'object') k) e,
         LATERAL (SELECT (e.x)::numeric AS n WHERE jsonb_typeof(e.x) = 'number') n
   WHERE abs(n.n) <= 1e308
$$;

-- Inserts: once per statement from its transition table, so a bulk INSERT ... SELECT of
-- versions is one INSERT ... SELECT here.
CREATE FUNCTION "model_version_metrics_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "model_version_metrics" ("version_id", "metric", "model_id", "version", "value")
  SELECT v."id", k."metric", v."model_id", v."version", k."value"
    FROM "inserted_versions" v
    JOIN "checkpoints" c ON c."uuid" = v."checkpoint_uuid",
         LATERAL "checkpoint_metric_values"(c."validation_metrics") k;
  RETURN NULL;
END $$;

CREATE TRIGGER "model_version_metrics_insert" AFTER INSERT ON "model_versions"
  REFERENCING NEW TABLE AS "inserted_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "model_version_metrics_insert"();

-- A version pointed at another checkpoint, renumbered or moved: its rows again.
CREATE FUNCTION "model_version_metrics_version_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "model_version_metrics" WHERE "version_id" = NEW."id";
  INSERT INTO "model_version_metrics" ("version_id", "metric", "model_id", "version", "value")
  SELECT NEW."id", k."metric", NEW."model_id", NEW."version", k."value"
    FROM "checkpoints" c, LATERAL "checkpoint_metric_values"(c."validation_metrics") k
   WHERE c."uuid" = NEW."checkpoint_uuid";
  RETURN NULL;
END $$;

CREATE TRIGGER "model_version_metrics_version_update" AFTER UPDATE OF "checkpoint_uuid", "model_id", "version" ON "model_versions"
  FOR EACH ROW WHEN (OLD."checkpoint_uuid" IS DISTINCT FROM NEW."checkpoint_uuid" OR OLD."model_id" <> NEW."model_id" OR OLD."version" <> NEW."version")
  EXECUTE FUNCTION "model_version_metrics_version_update"();

-- A checkpoint's metrics changed (the app never does it once registered; an operator or
-- a later feature might): the rows of every version pointing at it again.
CREATE FUNCTION "model_version_metrics_checkpoint_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "model_version_metrics" m USING "model_versions" v
   WHERE v."checkpoint_uuid" = NEW."uuid" AND m."version_id" = v."id";
  INSERT INTO "model_version_metrics" ("version_id", "metric", "model_id", "version", "value")
  SELECT v."id", k."metric", v."model_id", v."version", k."value"
    FROM "model_versions" v, LATERAL "checkpoint_metric_values"(NEW."validation_metrics") k
   WHERE v."checkpoint_uuid" = NEW."uuid";
  RETURN NULL;
END $$;

CREATE TRIGGER "model_version_metrics_checkpoint_update" AFTER UPDATE OF "validation_metrics" ON "checkpoints"
  FOR EACH ROW WHEN (OLD."validation_metrics" IS DISTINCT FROM NEW."validation_metrics")
  EXECUTE FUNCTION "model_version_metrics_checkpoint_update"();

-- Backfill: the versions that exist now. The triggers above were created first, in this
-- same transaction: CREATE TRIGGER locks out concurrent version inserts until the commit,
-- so none is missed. The indexes and the foreign key come after the rows (one build, one
-- validation, instead of a million index inserts and checks).
INSERT INTO "model_version_metrics" ("version_id", "metric", "model_id", "version", "value")
SELECT v."id", k."metric", v."model_id", v."version", k."value"
  FROM "model_versions" v
  JOIN "checkpoints" c ON c."uuid" = v."checkpoint_uuid",
       LATERAL "checkpoint_metric_values"(c."validation_metrics") k;

-- AddPrimaryKey (one row per version and metric)
ALTER TABLE "model_version_metrics" ADD CONSTRAINT "model_version_metrics_pkey" PRIMARY KEY ("version_id","metric");

-- The chart's read: (model, metric) in version order, values from the index alone.
-- CreateIndex
CREATE INDEX "model_version_metrics_model_id_metric_version_value_idx" ON "model_version_metrics"("model_id", "metric", "version", "value");

-- Deleting a version (or its model) deletes its rows.
-- AddForeignKey
ALTER TABLE "model_version_metrics" ADD CONSTRAINT "model_version_metrics_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
