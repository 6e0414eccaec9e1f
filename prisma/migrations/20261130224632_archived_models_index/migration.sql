-- Written by hand (a partial index, which Prisma's schema language cannot express).
-- The model list filtered by an alias counts its total from model_aliases; with
-- "archived: false" (the web page) it subtracts the archived models that have the alias,
-- found through this small index of archived models (one in twenty at the bench's scale)
-- instead of a pass over every model. docs/decisions/050-aliases-and-time-travel.md.
CREATE INDEX "models_archived_id_idx" ON "models" ("id") WHERE "archived";
