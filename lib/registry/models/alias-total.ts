import "server-only";
import { db, Prisma } from "../../db/client";

/**
 * The number of models that have an alias (and are, or are not, archived), counted from
 * model_aliases' (alias, model_id, version) index instead of by testing every model: a
 * join over 100,000 models costs tens of milliseconds, this a few. Archived models that
 * have it come from the partial index of archived models. Null for `latest` (every model
 * with a version), which the general count answers.
 */
export async function aliasTotal(alias: string, archived: boolean | undefined): Promise<number | null> {
  if (alias === "latest") return null;
  const archivedWithAlias = Prisma.sql`(SELECT count(*) FROM models m
      JOIN model_aliases a ON a.model_id = m.id AND a.alias = ${alias} AND a.version IS NOT NULL WHERE m.archived)`;
  const [{ all, inArchive }] = await db().$queryRaw<{ all: number; inArchive: number }[]>`
    SELECT (SELECT count(*) FROM model_aliases a WHERE a.alias = ${alias} AND a.version IS NOT NULL)::int AS all,
           ${archived === undefined ? Prisma.sql`0` : archivedWithAlias}::int AS "inArchive"`;
  return archived === undefined ? all : archived ? inArchive : all - inArchive;
}
