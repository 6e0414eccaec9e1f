-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "history_object_type" AS ENUM ('MODEL', 'MODEL_VERSION', 'CHECKPOINT', 'USER', 'ROLE');

-- CreateTable
CREATE TABLE "history_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_id" INTEGER,
    "username" TEXT NOT NULL,
    "object_type" "history_object_type" NOT NULL,
    "object_id" TEXT NOT NULL,
    "object_key" TEXT NOT NULL,
    "model_id" INTEGER,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "history_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "history_events_object_type_object_id_id_idx" ON "history_events"("object_type", "object_id", "id");

-- CreateIndex
CREATE INDEX "history_events_model_id_id_idx" ON "history_events"("model_id", "id");

-- Added by hand after `prisma migrate dev --create-only` (Prisma's documented way to
-- add SQL its schema language cannot express): history is append-only, enforced by
-- the database itself so no code path (ORM, raw SQL, psql) can rewrite the past.
CREATE FUNCTION "history_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'history_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "history_events_append_only"
  BEFORE UPDATE OR DELETE ON "history_events"
  FOR EACH ROW EXECUTE FUNCTION "history_events_refuse_change"();

CREATE TRIGGER "history_events_no_truncate"
  BEFORE TRUNCATE ON "history_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "history_events_refuse_change"();
