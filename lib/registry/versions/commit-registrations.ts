import "server-only";
import { db } from "../../db/client";
import { isConnectionError, notFound } from "../errors";
import { ChangeRecords, writeChangeRecords } from "../change-records";
import { createGroupCommit, type Outcome } from "../group-commit";
import { assertNotArchived } from "../models/guards";
import { checkRegistrations, type CheckedModel, type Registration } from "./check-registrations";
import { versionEvent } from "./history";
import { toVersion, versionSelect, type TModelVersion } from "./select";
import { WRITE_MAX_WAIT_MS, WRITE_TIMEOUT_MS } from "../write";

/**
 * Bounds one transaction: its two multi-row INSERTs (~1,200 parameters at 64) and
 * how long it holds the model row's lock.
 */
export const MAX_REGISTRATION_BATCH = 64;

/**
 * One transaction for registrations on one model: one UPDATE takes the model row's
 * lock and reserves N consecutive numbers (another process's batch queues behind the
 * lock, so numbers stay distinct and gap-free across servers), then one INSERT of the
 * versions and one of their history events, then one commit (one WAL flush) for all.
 * Returns the new versions' ids in the order of `items`.
 *
 * Not write(): one transaction here carries many callers, each with its own actor,
 * refusals and reply, and a failed batch is retried member by member
 * (group-commit.ts), which write()'s one-actor, one-result shape cannot express. So
 * it uses write()'s pieces instead: each member's actor was checked (signedIn,
 * authorize) before it joined, the change's records go through the same
 * writeChangeRecords() in this transaction, and registerVersion translates database
 * errors with translateDbError.
 */
async function insertVersions(checked: CheckedModel, items: Registration[]): Promise<number[]> {
  const n = items.length;
  const modelId = checked.id;
  return db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ last_version: number; archived: boolean; name: string }[]>`
      UPDATE models
         SET last_version = last_version + ${n}::int, num_versions = num_versions + ${n}::int, last_updated_time = now()
       WHERE id = ${modelId}
      RETURNING last_version, archived, name`;
    if (!row) throw notFound(`Model "${checked.name}"`);
    // Re-checked under the row lock: an archive that committed meanwhile wins.
    assertNotArchived(row, "given new versions");
    const model = { id: modelId, name: row.name };
    const first = row.last_version - n + 1;
    // One jsonb parameter instead of Prisma's createMany, whose per-row parameter
    // building cost ~0.3 ms of CPU per version (docs/decisions/016).
    const rows = items.map((r, i) => ({
      version: first + i,
      checkpoint_uuid: r.checkpointUuid,
      name: r.data.name,
      comment: r.data.comment,
      notes: r.data.notes,
      labels: r.data.labels,
      metadata: r.data.metadata,
      user_id: r.who.userId,
    }));
    const created = await tx.$queryRaw<{ id: number; version: number }[]>`
      INSERT INTO model_versions (model_id, version, checkpoint_uuid, name, comment, notes, labels, metadata, user_id)
      SELECT ${modelId}::int, r.version, r.checkpoint_uuid, r.name, r.comment, r.notes,
             ARRAY(SELECT jsonb_array_elements_text(r.labels)), r.metadata, r.user_id
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          AS r(version int, checkpoint_uuid uuid, name text, comment text, notes text, labels jsonb, metadata jsonb, user_id int)
      RETURNING id, version`;
    // RETURNING order is not promised: match rows to callers by their number.
    const ids = new Map(created.map((c) => [c.version, c.id]));
    const records = new ChangeRecords();
    items.forEach((r, i) => {
      const event = versionEvent("CREATE", { ...r.data, version: first + i, model, checkpoint: { uuid: r.checkpointUuid } });
      records.addHistory(r.who, event);
      // A key taken meanwhile fails the whole batch; it is then retried member by
      // member (group-commit.ts), so only the member whose key was taken is refused.
      if (r.idempotency) records.addIdempotencyKey(r.who, r.idempotency, { type: event.objectType, id: String(event.objectId) });
    });
    await writeChangeRecords(tx, records);
    return items.map((_, i) => ids.get(first + i)!);
    // Writers queue for a pooled connection and then for the row lock rather than
    // fail under a burst; both waits are bounded so a stuck database still errors.
  }, { maxWait: WRITE_MAX_WAIT_MS, timeout: WRITE_TIMEOUT_MS });
}

/** Checks every member, then registers those that passed in one transaction. */
async function commitRegistrations(modelRef: string | number, items: Registration[]): Promise<Outcome<number>[]> {
  const { model, refusals } = await checkRegistrations(modelRef, items);
  const accepted = items.filter((_, i) => !refusals[i]);
  const ids = model && accepted.length ? await insertVersions(model, accepted) : [];
  let next = 0;
  return refusals.map((error) => (error ? { ok: false, error } : { ok: true, value: ids[next++] }));
}

/** Reads a batch's versions back in one query set; null for one deleted meanwhile. */
async function readRegistered(_modelRef: string | number, ids: number[]): Promise<(TModelVersion | null)[]> {
  const rows = await db().modelVersion.findMany({ where: { id: { in: ids } }, select: versionSelect });
  const byId = new Map(rows.map((r) => [r.id, toVersion(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Submits a registration for the model's next number; concurrent ones share a commit. */
export const submitRegistration = createGroupCommit<string | number, Registration, number, TModelVersion | null>({
  maxBatch: MAX_REGISTRATION_BATCH,
  commit: commitRegistrations,
  finish: readRegistered,
  // A batch that failed on a statement rolled back: retrying its members alone is
  // safe. A lost connection may have lost the COMMIT's answer, not the COMMIT.
  retryAlone: (err) => !isConnectionError(err),
});
