import "server-only";
import { db } from "../../db/client";
import { signedIn, type Actor } from "../actor";
import { edge } from "../edge";
import { RegistryError } from "../errors";

/** Bytes and checkpoint count of one storage figure. */
export type TUsageFigure = { bytes: number; checkpoints: number };

/**
 * The registry's storage usage (docs/decisions/095-storage-usage.md): every stored
 * (COMPLETED) checkpoint, the part of it some model version references, and the part
 * nothing references (what deleting unregistered checkpoints would free).
 */
export type TStorageUsage = { stored: TUsageFigure; referenced: TUsageFigure; unreferenced: TUsageFigure };

type Row = { stored_bytes: bigint | null; stored_n: bigint; unref_bytes: bigint | null; unref_n: bigint };

/**
 * Sums the trigger-kept `size_bytes` column: one pass over the checkpoints and one index
 * probe of model_versions(checkpoint_uuid) each, never the resources JSON (~150 ms for
 * 50,000 checkpoints and 1,000,000 versions on the bench machine under load). Admins only:
 * the total spans every workspace.
 */
export const storageUsage = edge(async function storageUsage({ actor }: { actor: Actor }): Promise<TStorageUsage> {
  if (!signedIn(actor).admin) throw new RegistryError("FORBIDDEN", "Only administrators can see the registry's total storage usage.");
  // MATERIALIZED: the EXISTS runs once per checkpoint (an index-only probe); inlined, the
  // planner would copy it into both FILTERs and probe every checkpoint twice.
  const [r] = await db().$queryRaw<Row[]>`
    WITH s AS MATERIALIZED (
      SELECT c.size_bytes, EXISTS (SELECT 1 FROM model_versions v WHERE v.checkpoint_uuid = c.uuid) AS referenced
      FROM checkpoints c WHERE c.state = 'COMPLETED')
    SELECT sum(size_bytes)::bigint AS stored_bytes, count(*) AS stored_n,
           sum(size_bytes) FILTER (WHERE NOT referenced)::bigint AS unref_bytes, count(*) FILTER (WHERE NOT referenced) AS unref_n
    FROM s`;
  const stored = { bytes: Number(r.stored_bytes ?? 0), checkpoints: Number(r.stored_n) };
  const unreferenced = { bytes: Number(r.unref_bytes ?? 0), checkpoints: Number(r.unref_n) };
  return {
    stored,
    referenced: { bytes: stored.bytes - unreferenced.bytes, checkpoints: stored.checkpoints - unreferenced.checkpoints },
    unreferenced,
  };
});

/**
 * What one model's versions take in storage: the files of every checkpoint they
 * reference, each checkpoint counted once however many versions share it. The caller
 * has checked the reader may read the model (readableModel).
 */
export const modelStorageUsage = edge(async function modelStorageUsage(modelId: number): Promise<TUsageFigure> {
  const [r] = await db().$queryRaw<{ bytes: bigint | null; n: bigint }[]>`
    SELECT sum(c.size_bytes)::bigint AS bytes, count(*) AS n
    FROM checkpoints c
    WHERE c.uuid IN (SELECT v.checkpoint_uuid FROM model_versions v WHERE v.model_id = ${modelId})`;
  return { bytes: Number(r.bytes ?? 0), checkpoints: Number(r.n) };
});
