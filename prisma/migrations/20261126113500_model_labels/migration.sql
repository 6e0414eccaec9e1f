-- CreateTable
CREATE TABLE "model_labels" (
    "label" TEXT NOT NULL,
    "models" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "model_labels_pkey" PRIMARY KEY ("label")
);

-- Kept by the database for every writer (the app, bulk seeds, an operator's SQL); each
-- model counts once per distinct label (docs/decisions/021-label-counts.md). Inserts
-- and deletes are counted once per statement from its transition table, so a bulk
-- INSERT ... SELECT touches each label's row once; label edits, one model at a time,
-- per row. Labels are always upserted in sorted order, so two writers take the rows'
-- locks in the same order and cannot deadlock each other.
-- Both statement triggers name their transition table "changed_models": the rows
-- inserted (counted up) or deleted (counted down).
CREATE FUNCTION "model_labels_count"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "model_labels" AS ml ("label", "models")
  SELECT l.label, CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END * count(*)::INTEGER
    FROM "changed_models" m, LATERAL (SELECT DISTINCT unnest(m."labels") AS label) l
   GROUP BY l.label ORDER BY l.label
  ON CONFLICT ("label") DO UPDATE SET "models" = ml."models" + EXCLUDED."models";
  RETURN NULL;
END $$;

CREATE FUNCTION "model_labels_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "model_labels" AS ml ("label", "models")
  SELECT d.label, sum(d.delta)::INTEGER
    FROM (SELECT DISTINCT unnest(NEW."labels") AS label, 1 AS delta
          UNION ALL
          SELECT DISTINCT unnest(OLD."labels"), -1) d
   GROUP BY d.label HAVING sum(d.delta) <> 0 ORDER BY d.label
  ON CONFLICT ("label") DO UPDATE SET "models" = ml."models" + EXCLUDED."models";
  RETURN NULL;
END $$;

CREATE TRIGGER "models_label_counts_insert" AFTER INSERT ON "models"
  REFERENCING NEW TABLE AS "changed_models"
  FOR EACH STATEMENT EXECUTE FUNCTION "model_labels_count"();

CREATE TRIGGER "models_label_counts_delete" AFTER DELETE ON "models"
  REFERENCING OLD TABLE AS "changed_models"
  FOR EACH STATEMENT EXECUTE FUNCTION "model_labels_count"();

CREATE TRIGGER "models_label_counts_update" AFTER UPDATE OF "labels" ON "models"
  FOR EACH ROW WHEN (OLD."labels" IS DISTINCT FROM NEW."labels")
  EXECUTE FUNCTION "model_labels_change"();

-- The labels already in use.
INSERT INTO "model_labels" ("label", "models")
SELECT l.label, count(*)::INTEGER
  FROM "models" m, LATERAL (SELECT DISTINCT unnest(m."labels") AS label) l
 GROUP BY l.label;
