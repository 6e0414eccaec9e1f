import "server-only";
import { backgroundDb } from "../../db/client";
import { getCheckpoint } from "../checkpoints/get-checkpoint";
import { modelsByIds, type TModel } from "../models/select";
import type { TCheckpoint } from "../checkpoints/select";
import { toVersionOf, versionRowSelect, type TModelVersion } from "../versions/select";
import type { FieldChange } from "../history/record-history";
import { openSecret } from "./secret-box";

/**
 * Where deliveries go and the secrets they are signed with (the previous one too, within
 * 24 h of a rotation), for every subscription of a claimed batch in one query. Absent:
 * deleted meanwhile.
 */
export async function deliveryTargets(subscriptionIds: string[], now: Date): Promise<Map<string, { url: string; secrets: string[] }>> {
  const rows = await backgroundDb().webhookSubscription.findMany({
    where: { id: { in: [...new Set(subscriptionIds)] } },
    select: { id: true, url: true, secretEnc: true, previousSecretEnc: true, previousSecretUntil: true },
  });
  return new Map(rows.map((s) => {
    const secrets = [openSecret(s.secretEnc)];
    if (s.previousSecretEnc && s.previousSecretUntil && s.previousSecretUntil > now) secrets.push(openSecret(s.previousSecretEnc));
    return [s.id, { url: s.url, secrets }];
  }));
}

export type TWebhookEventFacts = {
  historyId: string; type: string; at: Date; actor: { id: number | null; username: string };
  objectType: string; objectId: string; objectKey: string; modelId: number | null; changes: FieldChange[];
  /** The objects as they are when the event is first sent; null when gone (a deleted model or version). */
  model: TModel | null; version: TModelVersion | null; checkpoint: TCheckpoint | null;
};

/**
 * What deliveries' payloads are built from, for a whole claimed batch in four statements
 * whatever its size: the history events, their models (modelsByIds), the versions they
 * are about, and (rarely) checkpoints one by one. Keyed by history id; absent: an event
 * no longer in history.
 */
export async function deliveryEventFactsMany(historyIds: bigint[]): Promise<Map<string, Omit<TWebhookEventFacts, "type">>> {
  const out = new Map<string, Omit<TWebhookEventFacts, "type">>();
  if (!historyIds.length) return out;
  const events = await backgroundDb().historyEvent.findMany({ where: { id: { in: [...new Set(historyIds)] } } });
  const versionOf = (h: (typeof events)[number]): number | null => {
    const changes = (h.changes ?? []) as FieldChange[];
    if (h.objectType === "MODEL_VERSION") return Number(h.objectId.split("/")[1]);
    if (h.objectType !== "ALIAS") return null;
    const v = changes.find((c) => c.field === "version");
    return (v?.after ?? v?.before ?? null) as number | null;
  };
  const models = new Map((await modelsByIds([...new Set(events.flatMap((h) => (h.modelId !== null ? [h.modelId] : [])))], backgroundDb())).map((m) => [m.id, m]));
  const wanted = events.flatMap((h) => { const v = versionOf(h); return h.modelId !== null && models.has(h.modelId) && v ? [{ modelId: h.modelId, version: v }] : []; });
  const versionRows = wanted.length
    ? await backgroundDb().modelVersion.findMany({ where: { OR: wanted }, select: { ...versionRowSelect, modelId: true } })
    : [];
  const versions = new Map(versionRows.map(({ modelId, ...row }) => [`${modelId}/${row.version}`, toVersionOf(row, models.get(modelId)!)]));
  for (const h of events) {
    const model = h.modelId !== null ? models.get(h.modelId) ?? null : null;
    const v = versionOf(h);
    const checkpoint = h.objectType === "CHECKPOINT" ? await getCheckpoint(h.objectId).catch(() => null) : null;
    out.set(String(h.id), {
      historyId: String(h.id), at: h.at, actor: { id: h.userId, username: h.username },
      objectType: h.objectType, objectId: h.objectId, objectKey: h.objectKey, modelId: h.modelId, changes: (h.changes ?? []) as FieldChange[],
      model, version: model && v ? versions.get(`${model.id}/${v}`) ?? null : null, checkpoint,
    });
  }
  return out;
}
