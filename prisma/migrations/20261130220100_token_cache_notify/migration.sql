-- Every server instance remembers recently verified tokens for a few seconds
-- (lib/registry/users/token-cache.ts). Whatever ends a token, or changes what a
-- remembered token says about its user, notifies every instance listening on
-- "mreg_token_cache" when it commits (NOTIFY is transactional), through the app or
-- by hand in SQL alike; each instance then forgets those entries
-- (docs/decisions/031-token-revocation-across-instances.md).
-- Payloads: 't:<sha256>,<sha256>...' (tokens), 'u:<id>,<id>...' (users), '*' (all).
-- Only tokens that had not expired count: an instance never answers for an expired
-- token from memory, so the expired-token sweep on every login stays silent. A payload
-- must stay under 8000 bytes: more than 100 live tokens at once say '*'.
CREATE FUNCTION "notify_tokens_ended"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n INTEGER;
  hashes TEXT;
BEGIN
  SELECT count(*), string_agg("token_hash", ',') INTO n, hashes FROM "ended_tokens" WHERE "expires_at" > now();
  IF n = 0 THEN RETURN NULL; END IF;
  PERFORM pg_notify('mreg_token_cache', CASE WHEN n <= 100 THEN 't:' || hashes ELSE '*' END);
  RETURN NULL;
END $$;

CREATE TRIGGER "api_tokens_notify_delete" AFTER DELETE ON "api_tokens"
  REFERENCING OLD TABLE AS "ended_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_tokens_ended"();

-- A token moved to another user or given a new expiry: its old hash is forgotten too.
CREATE TRIGGER "api_tokens_notify_update" AFTER UPDATE ON "api_tokens"
  REFERENCING OLD TABLE AS "ended_tokens"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_tokens_ended"();

-- What a cached entry holds about its user: name, administrator flag, active.
CREATE FUNCTION "notify_user_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mreg_token_cache', 'u:' || OLD."id");
  RETURN NULL;
END $$;

CREATE TRIGGER "users_notify_update" AFTER UPDATE OF "username", "admin", "active" ON "users"
  FOR EACH ROW WHEN ((OLD."username", OLD."admin", OLD."active") IS DISTINCT FROM (NEW."username", NEW."admin", NEW."active"))
  EXECUTE FUNCTION "notify_user_changed"();
