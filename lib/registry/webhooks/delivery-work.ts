import "server-only";
import { db } from "../../db/client";
import { getCheckpoint } from "../checkpoints/get-checkpoint";
import { getModel } from "../models/get-model";
import type { TModel } from "../models/select";
import type { TCheckpoint } from "../checkpoints/select";
import { getVersion } from "../versions/get-version";
import type { TModelVersion } from "../versions/select";
import type { FieldChange } from "../history/record-history";
import { openSecret } from "./secret-box";

/**
 * Where deliveries go and the secrets they are signed with (the previous one too, within
 * 24 h of a rotation), for every subscription of a claimed batch in one query. Absent:
 * deleted meanwhile.
 */
export async function deliveryTargets(subscriptionIds: string[], now: Date): Promise<Map<string, { url: string; secrets: string[] }>> {
  const rows = await db().webhookSubscription.findMany({
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

const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

/** What a delivery's payload is built from: its history event and the objects it is about. */
export async function deliveryEventFacts(historyId: bigint, type: string): Promise<TWebhookEventFacts | null> {
  const h = await db().historyEvent.findUnique({ where: { id: historyId } });
  if (!h) return null;
  const changes = (h.changes ?? []) as FieldChange[];
  const model = h.modelId !== null ? await orNull(getModel(h.modelId)) : null;
  let versionNumber: number | null = null;
  if (h.objectType === "MODEL_VERSION") versionNumber = Number(h.objectId.split("/")[1]);
  if (h.objectType === "ALIAS") {
    const v = changes.find((c) => c.field === "version");
    versionNumber = (v?.after ?? v?.before ?? null) as number | null;
  }
  const version = model && versionNumber ? await orNull(getVersion(model.id, versionNumber)) : null;
  const checkpoint = h.objectType === "CHECKPOINT" ? await orNull(getCheckpoint(h.objectId)) : null;
  return {
    historyId: String(h.id), type, at: h.at, actor: { id: h.userId, username: h.username },
    objectType: h.objectType, objectId: h.objectId, objectKey: h.objectKey, modelId: h.modelId, changes, model, version, checkpoint,
  };
}
