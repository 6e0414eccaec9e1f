-- Tell the planner what ILIKE really costs (docs/decisions/010-list-pagination-at-scale.md, 8).
-- At the default COST 1 the planner took a case-insensitive substring match over all
-- 100,000 model names to be nearly free, and depending on ANALYZE's sample it
-- sometimes counted `name=mnist` by walking the whole `name` index (30-38 ms)
-- instead of the trigram index (7 ms). pg_proc is per database, so this changes
-- plans in this database only. Changing a built-in function needs superuser (the
-- embedded server has it); on a managed server without it, this step is skipped
-- with a notice and only the plans' stability is affected, not results.
DO $$
BEGIN
  ALTER FUNCTION pg_catalog.texticlike(text, text) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'model-registry: could not set the cost of ILIKE (needs superuser); substring filters may pick slower plans';
END $$;
