import "server-only";
import type { Prisma } from "../../db/client";
import { RegistryError } from "../errors";
import type { WriteContext } from "../write";
import { aliasEvent } from "./history";
import { changeTime } from "./lock-alias";
import { aliasColumns, toAlias, type AliasRow } from "./select";

type Model = { id: number; name: string };

/**
 * Before a version is deleted (docs/decisions/050): a protected alias on it refuses the
 * deletion (CONFLICT naming the alias); unprotected aliases on it are removed, each with
 * its REMOVE event, in the deleting transaction. Locks model, version, then those aliases
 * (the order alias changes use: lock-alias.ts), so an alias cannot be moved onto the
 * version while it is being deleted. Does nothing when the version does not exist (the
 * caller reports that).
 */
export async function releaseVersionAliases(w: Pick<WriteContext, "tx" | "actor" | "record">, model: Model, version: number): Promise<void> {
  await w.tx.$queryRaw`SELECT id FROM models WHERE id = ${model.id} FOR UPDATE`;
  const [row] = await w.tx.$queryRaw<{ id: number }[]>`
    SELECT id FROM model_versions WHERE model_id = ${model.id} AND version = ${version} FOR UPDATE`;
  if (!row) return;
  const aliases = await w.tx.$queryRaw<AliasRow[]>`
    SELECT ${aliasColumns} FROM model_aliases WHERE model_id = ${model.id} AND version = ${version} ORDER BY alias FOR UPDATE`;
  await release(w, model, aliases, `Version ${version} of model "${model.name}"`, `Version ${version} was deregistered.`);
}

/** Before a model is deleted: as above for every alias it has (the caller holds the model's lock). */
export async function releaseModelAliases(w: Pick<WriteContext, "tx" | "actor" | "record">, model: Model): Promise<void> {
  const aliases = await w.tx.$queryRaw<AliasRow[]>`
    SELECT ${aliasColumns} FROM model_aliases WHERE model_id = ${model.id} AND version IS NOT NULL ORDER BY alias FOR UPDATE`;
  await release(w, model, aliases, `Model "${model.name}"`, "The model was deleted.");
}

async function release(w: Pick<WriteContext, "tx" | "actor" | "record">, model: Model, rows: AliasRow[], what: string, reason: string) {
  const held = rows.filter((r) => toAlias(r).protected);
  if (held.length) {
    const names = held.map((r) => `"${r.alias}"${r.version !== null ? ` (version ${r.version})` : ""}`).join(", ");
    throw new RegistryError(
      "CONFLICT",
      `${what} holds the protected alias${held.length > 1 ? "es" : ""} ${names}; move or remove ${held.length > 1 ? "them" : "it"} first (workspace admins only).`,
      {},
      { protectedAliases: held.map((r) => r.alias) },
    );
  }
  for (const r of rows) await removeWith(w.tx, w, model, r, reason);
}

async function removeWith(tx: Prisma.TransactionClient, w: Pick<WriteContext, "actor" | "record">, model: Model, row: AliasRow, reason: string) {
  const at = await changeTime(tx, row);
  await tx.$executeRaw`
    UPDATE model_aliases SET version = NULL, set_at = ${at}, set_by = ${w.actor.username}, reason = ${reason}
     WHERE model_id = ${model.id} AND alias = ${row.alias}`;
  w.record(aliasEvent({ model, alias: row.alias, before: row.version, after: null, reason, at }));
}
