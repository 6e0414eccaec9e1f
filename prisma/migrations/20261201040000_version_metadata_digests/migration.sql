-- A digest per top-level key of a version's metadata ({"key": "<md5 of the value's jsonb text>:<text length>"}),
-- kept by the database for every writer, so comparing versions can tell which keys differ
-- from this small column alone and then read only those keys' values from the (possibly
-- megabytes of) metadata (docs/decisions/075-comparing-versions.md). jsonb's text form is
-- canonical (keys sorted, one spelling per number), so equal values have equal digests.
-- AlterTable
ALTER TABLE "model_versions" ADD COLUMN "metadata_digests" JSONB NOT NULL DEFAULT '{}';

CREATE FUNCTION "jsonb_key_digests"(m JSONB) RETURNS JSONB LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(m) = 'object'
              THEN COALESCE((SELECT jsonb_object_agg(e.key, md5(t) || ':' || octet_length(t))
                               FROM jsonb_each(m) e, LATERAL (SELECT e.value::text AS t) v), '{}'::jsonb)
              ELSE '{}'::jsonb END
$$;

CREATE FUNCTION "model_versions_metadata_digests"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."metadata_digests" := "jsonb_key_digests"(NEW."metadata");
  RETURN NEW;
END $$;

CREATE TRIGGER "model_versions_metadata_digests_insert" BEFORE INSERT ON "model_versions"
  FOR EACH ROW EXECUTE FUNCTION "model_versions_metadata_digests"();
CREATE TRIGGER "model_versions_metadata_digests_update" BEFORE UPDATE OF "metadata" ON "model_versions"
  FOR EACH ROW EXECUTE FUNCTION "model_versions_metadata_digests"();

UPDATE "model_versions" SET "metadata_digests" = "jsonb_key_digests"("metadata") WHERE "metadata" <> '{}'::jsonb;
