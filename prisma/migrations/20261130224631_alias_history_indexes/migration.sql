-- Written by hand (partial indexes are SQL Prisma's schema language cannot express),
-- in its own migration because the previous one adds the enum value 'ALIAS', which
-- PostgreSQL lets no statement use before that transaction commits.
-- docs/decisions/050-aliases-and-time-travel.md.

-- "Which version did alias A of model M name at instant T?" is one descent of this
-- index: the newest alias event of object "<M>@<A>" at or before T. Only the events
-- that change what an alias names are in it (not protection changes), and no other
-- history row: a model with 100,000 alias moves costs it log(n), whatever T is.
CREATE INDEX "history_events_alias_at_idx" ON "history_events" ("object_id", "at" DESC, "id" DESC)
  WHERE "object_type" = 'ALIAS' AND "action" IN ('SET', 'MOVE', 'REMOVE');

-- `latest` at instant T is the highest version that existed then; a version deleted
-- since is no longer in model_versions, so its deletion is looked up here (few rows).
CREATE INDEX "history_events_version_deleted_idx" ON "history_events" ("model_id", "at")
  WHERE "object_type" = 'MODEL_VERSION' AND "action" = 'DELETE';
